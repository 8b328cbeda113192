// Assembles the context package from the escalation decision and the conversation's events. Pure.
import {
  Role,
  type AttemptedAction,
  type ContextPackage,
  type ConversationEvent,
  type CustomerProfile,
  type HandoffRequested,
  type PageVisit,
  type TranscriptEntry,
} from '@handoff/contracts';
import { summarize } from './summary';

const byTime = (a: ConversationEvent, b: ConversationEvent) => (a.occurredAt?.getTime() ?? 0) - (b.occurredAt?.getTime() ?? 0);

export interface AssemblyInput {
  request: HandoffRequested;
  /** Every event of the conversation known so far, in any order. */
  events: ConversationEvent[];
  now: Date;
}

export function assembleContextPackage({ request, events, now }: AssemblyInput): ContextPackage {
  const ordered = [...events].sort(byTime);
  const transcript: TranscriptEntry[] = [];
  const pages: PageVisit[] = [];
  const botActions: AttemptedAction[] = [];
  let customer: CustomerProfile | undefined;
  let lastBotConfidence: number | undefined;
  let language = request.language;

  for (const event of ordered) {
    if (event.language) language ||= event.language;
    const payload = event.payload;
    switch (payload?.$case) {
      case 'messagePosted': {
        const m = payload.value;
        transcript.push({ messageId: m.messageId || event.eventId, role: m.role, text: m.text, at: event.occurredAt, botConfidence: m.botConfidence, botIntent: m.botIntent });
        if (m.role === Role.ROLE_BOT && m.botConfidence !== undefined) lastBotConfidence = m.botConfidence;
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
        break;
      }
      default:
        break;
    }
  }

  const missingSources = ordered.some((e) => e.eventId === request.triggeringEventId) ? [] : ['transcript'];
  const pkg: ContextPackage = {
    handoffId: request.handoffId,
    conversationId: request.conversationId,
    request,
    transcript,
    customer: customer ?? { customerId: '', name: '', email: '', accountId: '', tier: request.customerTier },
    pages,
    botActions,
    lastBotConfidence,
    summary: '',
    partial: missingSources.length > 0,
    missingSources,
    assembledAt: now,
    language,
  };
  return { ...pkg, summary: summarize(pkg) };
}
