// gRPC API of the context service. Invalid requests get INVALID_ARGUMENT naming what to fix.
import {
  ContextServiceService,
  type ContextServiceGetHandoffRequest,
  type ContextServiceGetHandoffResponse,
  type GetContextPackageRequest,
  type GetContextPackageResponse,
  type GetTranscriptRequest,
  type GetTranscriptResponse,
  type ListHandoffsRequest,
  type ListHandoffsResponse,
} from '@handoff/contracts';
import { Violations, notFound } from '@handoff/errors';
import { unary } from '@handoff/lifecycle';
import type { Logger } from '@handoff/logging';
import { assembleContextPackage } from '../domain/assemble';
import type { ConversationEventStore } from './event-store';
import type { PackageRepository } from './package-repository';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;
const STATUSES = ['open', 'resolved', 'unresolved'];

const encodeToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
function decodeToken(token: string): number | undefined {
  if (!token) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

export function contextGrpc(packages: PackageRepository, events: ConversationEventStore, logger: Logger) {
  const getPackage = async (method: string, handoffId: string) => {
    new Violations().requireText(handoffId, 'handoff_id').throwIfAny(method);
    const pkg = await packages.get(handoffId);
    if (!pkg) throw notFound(`no context package for handoff ${handoffId} (not assembled yet, or unknown id)`);
    return pkg;
  };
  return {
    definition: ContextServiceService,
    implementation: {
      getContextPackage: unary(logger, 'GetContextPackage', async ({ handoffId }: GetContextPackageRequest): Promise<GetContextPackageResponse> => ({
        package: await getPackage('GetContextPackage', handoffId),
      })),

      getHandoff: unary(logger, 'GetHandoff', async ({ handoffId }: ContextServiceGetHandoffRequest): Promise<ContextServiceGetHandoffResponse> => ({
        package: await getPackage('GetHandoff', handoffId),
      })),

      listHandoffs: unary(logger, 'ListHandoffs', async (req: ListHandoffsRequest): Promise<ListHandoffsResponse> => {
        const offset = decodeToken(req.pageToken);
        new Violations()
          .require(req.pageSize <= MAX_PAGE, `page_size must be at most ${MAX_PAGE}, got ${req.pageSize}`)
          .require(!req.status || STATUSES.includes(req.status), `status must be one of ${STATUSES.join(', ')}, got "${req.status}"`)
          .require(offset !== undefined, 'page_token is not one this service issued; pass next_page_token from the previous response')
          .require(!req.from || !req.to || req.from < req.to, '"from" must be before "to"')
          .throwIfAny('ListHandoffs');
        const pageSize = req.pageSize || DEFAULT_PAGE;
        const { items, more } = await packages.list({ customerId: req.customerId || undefined, status: req.status || undefined, from: req.from, to: req.to }, pageSize, offset!);
        return {
          handoffs: items.map((d) => ({ handoffId: d._id, conversationId: d.conversationId, customerId: d.customerId, category: d.category, requestedAt: d.requestedAt, status: d.status, summary: d.summary })),
          nextPageToken: more ? encodeToken(offset! + pageSize) : '',
        };
      }),

      getTranscript: unary(logger, 'GetTranscript', async ({ conversationId }: GetTranscriptRequest): Promise<GetTranscriptResponse> => {
        new Violations().requireText(conversationId, 'conversation_id').throwIfAny('GetTranscript');
        const conversation = await events.ofConversation(conversationId);
        if (conversation.length === 0) throw notFound(`no events of conversation ${conversationId} have reached the context service`);
        // The whole transcript, uncut: the same ordering and fields as in a package.
        const whole = assembleContextPackage({
          request: { handoffId: '', conversationId, escalationSequence: 0, reason: 0, mode: 0, evidence: [], policyVersion: '', triggeringEventId: '', requestedAt: undefined, category: '', sentimentScore: 0, severity: 0, customerTier: '', language: '', offerId: '', channel: '' },
          events: conversation,
          maxTranscriptMessages: Number.MAX_SAFE_INTEGER,
          now: new Date(),
        });
        return { transcript: whole.transcript };
      }),
    },
  };
}
