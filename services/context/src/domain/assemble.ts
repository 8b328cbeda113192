// Assembles the context package from the escalation decision, the conversation's events, the customer's account and
// history. Pure: everything it needs comes in as arguments.
import {
  Role,
  SourceStatus,
  type AccountContext,
  type AttemptedAction,
  type ContextPackage,
  type ConversationEvent,
  type CustomerProfile,
  type HandoffRequested,
  type PageVisit,
  type PreviousHandoff,
  type SimilarHandoff,
  type TranscriptEntry,
} from '@handoff/contracts';
import { sentimentTrend } from './sentiment-trend';
import { summarize } from './summary';
import { extractTechnicalDetails } from './technical-details';
import { cutTranscript } from './transcript-cut';

const byTime = (a: ConversationEvent, b: ConversationEvent) => (a.occurredAt?.getTime() ?? 0) - (b.occurredAt?.getTime() ?? 0);

export interface CustomerHistory {
  previous: PreviousHandoff[];
  earlierInConversation: PreviousHandoff[];
  similar: SimilarHandoff[];
  repeatContact: boolean;
}

export const NO_HISTORY: CustomerHistory = { previous: [], earlierInConversation: [], similar: [], repeatContact: false };

export interface AssemblyInput {
  request: HandoffRequested;
  /** Every event of the conversation known so far, in any order. */
  events: ConversationEvent[];
  /** Sentiment of customer messages by event id (from handoff.signals.v1). */
  sentimentByEvent?: ReadonlyMap<string, number>;
  account?: AccountContext;
  history?: CustomerHistory;
  /** The package's transcript keeps at most this many messages (storage keeps all). */
  maxTranscriptMessages?: number;
  now: Date;
}

export const DEFAULT_MAX_TRANSCRIPT_MESSAGES = 200;

const PROVIDER_MISSES = new Set([SourceStatus.SOURCE_STATUS_TIMEOUT, SourceStatus.SOURCE_STATUS_ERROR, SourceStatus.SOURCE_STATUS_CIRCUIT_OPEN]);

export function assembleContextPackage(input: AssemblyInput): ContextPackage {
  const { request, now } = input;
  const history = input.history ?? NO_HISTORY;
  const ordered = [...input.events].sort(byTime);
  const transcript: TranscriptEntry[] = [];
  const pages: PageVisit[] = [];
  const botActions: AttemptedAction[] = [];
  const customerSentiments: number[] = [];
  const customerTexts: string[] = [];
  let customer: CustomerProfile | undefined;
  let userAgent = '';
  let lastBotConfidence: number | undefined;
  let language = request.language;
  const triggerAt = ordered.find((e) => e.eventId === request.triggeringEventId)?.occurredAt ?? request.requestedAt;

  for (const event of ordered) {
    if (event.language) language ||= event.language;
    const payload = event.payload;
    switch (payload?.$case) {
      case 'messagePosted': {
        const m = payload.value;
        transcript.push({ messageId: m.messageId || event.eventId, role: m.role, text: m.text, at: event.occurredAt, botConfidence: m.botConfidence, botIntent: m.botIntent });
        if (m.role === Role.ROLE_BOT && m.botConfidence !== undefined) lastBotConfidence = m.botConfidence;
        if (m.role === Role.ROLE_CUSTOMER) {
          customerTexts.push(m.text);
          const score = input.sentimentByEvent?.get(event.eventId);
          if (score !== undefined) customerSentiments.push(score);
        }
        break;
      }
      case 'pageViewed':
        pages.unshift({ url: payload.value.url, title: payload.value.title, at: event.occurredAt });
        break;
      case 'botActionAttempted':
        botActions.push({ ...payload.value, at: event.occurredAt });
        break;
      case 'customerIdentified': {
        const c = payload.value;
        customer = { customerId: c.customerId, name: c.name, email: c.email, accountId: c.accountId, tier: c.tier || request.customerTier };
        userAgent = c.userAgent || userAgent;
        break;
      }
      default:
        break;
    }
  }

  const missingSources = [
    ...(ordered.some((e) => e.eventId === request.triggeringEventId) ? [] : ['transcript']),
    ...(input.account?.sources.filter((s) => PROVIDER_MISSES.has(s.status)).map((s) => s.source) ?? []),
  ];
  const currentPage = pages.find((p) => !triggerAt || !p.at || p.at <= triggerAt);
  const { transcript: kept, cut } = cutTranscript(transcript, input.maxTranscriptMessages ?? DEFAULT_MAX_TRANSCRIPT_MESSAGES);
  const pkg: ContextPackage = {
    handoffId: request.handoffId,
    conversationId: request.conversationId,
    request,
    transcript: kept,
    customer: customer ?? { customerId: '', name: '', email: '', accountId: '', tier: request.customerTier },
    pages,
    botActions,
    lastBotConfidence,
    summary: '',
    partial: missingSources.length > 0,
    missingSources,
    assembledAt: now,
    language,
    account: input.account,
    sentiment: sentimentTrend(customerSentiments, request.sentimentScore),
    technical: extractTechnicalDetails({ customerTexts, userAgent, pageUrls: pages.map((p) => p.url) }),
    previousHandoffs: history.previous,
    repeatContact: history.repeatContact,
    similarHandoffs: history.similar,
    currentPage,
    transcriptCut: cut,
    earlierInConversation: history.earlierInConversation,
    summarySource: 'template',
  };
  return { ...pkg, summary: summarize(pkg) };
}
