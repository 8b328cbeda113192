// gRPC API of the detection service. Invalid requests get INVALID_ARGUMENT naming what to fix.
import {
  DetectionServiceService,
  type EvaluateRequest,
  type EvaluateResponse,
  type GetConversationStateRequest,
  type GetConversationStateResponse,
  type ValidatePolicyRequest,
  type ValidatePolicyResponse,
} from '@handoff/contracts';
import { Violations, invalidArgument, notFound } from '@handoff/errors';
import { unary } from '@handoff/lifecycle';
import type { Logger } from '@handoff/logging';
import { runConversation } from '../batch/replay';
import type { MessageClassifier } from '../domain/classifiers';
import { DetectionEngine } from '../domain/engine';
import { PolicyError, parsePolicy } from '../domain/policy/parse';
import type { ConversationRepository } from './conversation-repository';

const MAX_EVALUATE_EVENTS = 1000;

export interface DetectionGrpcDeps {
  engine: DetectionEngine;
  classifier: MessageClassifier;
  conversations: ConversationRepository;
  logger: Logger;
}

function candidateEngine(yaml: string, classifier: MessageClassifier): DetectionEngine {
  try {
    return new DetectionEngine(parsePolicy(yaml, 'policy_yaml'), classifier);
  } catch (error) {
    if (error instanceof PolicyError) throw invalidArgument(error.message);
    throw error;
  }
}

export function detectionGrpc({ engine, classifier, conversations, logger }: DetectionGrpcDeps) {
  return {
    definition: DetectionServiceService,
    implementation: {
      evaluate: unary(logger, 'Evaluate', async ({ events, policyYaml }: EvaluateRequest): Promise<EvaluateResponse> => {
        const v = new Violations()
          .require(events.length > 0, 'events must hold at least one ConversationEvent')
          .require(events.length <= MAX_EVALUATE_EVENTS, `events may hold at most ${MAX_EVALUATE_EVENTS} events, got ${events.length}`);
        const conversationId = events[0]?.conversationId ?? '';
        events.forEach((e, i) => {
          v.requireText(e.conversationId, `events[${i}].conversation_id`)
            .require(!e.conversationId || e.conversationId === conversationId, `events[${i}].conversation_id must be "${conversationId}" like events[0] (one conversation per call)`)
            .require(e.payload !== undefined, `events[${i}] has no payload (message_posted, human_requested, ...)`);
        });
        v.throwIfAny('Evaluate');
        const used = policyYaml.trim() ? candidateEngine(policyYaml, classifier) : engine;
        const run = runConversation(used, conversationId, events.map((e, i) => ({ ...e, eventId: e.eventId || `evaluate-${i}` })));
        return {
          escalate: run.handoff !== undefined,
          handoff: run.handoff,
          offers: run.offers,
          signals: run.signals,
          triggersFired: run.hits.map((h) => ({ reason: h.reason, detail: h.detail, score: h.score, eventId: h.eventId })),
          policyVersion: used.policy.version,
        };
      }),

      getConversationState: unary(logger, 'GetConversationState', async ({ conversationId }: GetConversationStateRequest): Promise<GetConversationStateResponse> => {
        new Violations().requireText(conversationId, 'conversation_id').throwIfAny('GetConversationState');
        const stored = await conversations.load(conversationId);
        if (!stored) throw notFound(`detection has seen no event of conversation ${conversationId}`);
        const s = stored.state;
        return {
          state: {
            conversationId,
            escalationSequence: s.escalationSequence,
            escalated: s.escalated,
            closed: s.closed,
            tier: s.tier,
            category: s.category,
            customerMessages: s.customerMessages,
            botTurns: s.botTurns,
            recentSentiments: s.customerSentiments,
            recentBotConfidences: s.botConfidences,
            startedAt: s.startedAt,
            lastEventAt: s.lastEventAt,
            pendingOfferId: s.pendingOffer?.offerId ?? '',
            offersMade: s.offersMade,
          },
        };
      }),

      validatePolicy: unary(logger, 'ValidatePolicy', async ({ policyYaml }: ValidatePolicyRequest): Promise<ValidatePolicyResponse> => {
        new Violations().requireText(policyYaml, 'policy_yaml').throwIfAny('ValidatePolicy');
        try {
          const policy = parsePolicy(policyYaml, 'policy_yaml');
          return { valid: true, problems: [], version: policy.version };
        } catch (error) {
          if (error instanceof PolicyError) return { valid: false, problems: error.problems, version: '' };
          throw error;
        }
      }),
    },
  };
}
