// The demo's cast: agents and scripted conversations, written the way real customers and bots talk.
import { ActionOutcome, ConversationOutcome, FollowUpChannel, Presence, ResolvedBy, Resolver, Role, type Agent, type ConversationEvent } from '@handoff/contracts';

export type Step =
  | { say: string; as: 'customer' }
  | { say: string; as: 'bot'; confidence: number; intent: string }
  | { action: string; outcome: ActionOutcome; detail: string }
  | { page: string; title: string }
  | { button: true }
  /** Wait for the soft offer detection makes, and answer it. */
  | { answerOffer: boolean }
  /** While queued, wait for the offer of alternatives to waiting, and choose one (the option id it came with). */
  | { chooseFollowUp: 'callback' | 'email_follow_up' }
  | { close: true; csat: number };

export interface ScriptedConversation {
  title: string;
  customer: { id: string; name: string; email: string; accountId: string; tier: string };
  steps: Step[];
  /** Whether the conversation should end with a person, so the narrative can say when something went wrong. */
  expectsHandoff: boolean;
  /** How the agent wraps up a handed-off conversation: their reply, resolution code and note, and the customer's CSAT. */
  wrapUp?: { reply: string; code: string; note: string; csat: number; closingSentiment: number };
}

export const DEMO_AGENTS: Agent[] = [
  {
    agentId: 'sam.okafor',
    displayName: 'Sam Okafor',
    skills: [{ name: 'billing_dispute', level: 5 }, { name: 'refund', level: 4 }, { name: 'payment', level: 4 }],
    languages: ['en'],
    teams: ['Billing'],
    chatCapacity: 1,
    presence: Presence.PRESENCE_AVAILABLE,
    activeHandoffs: 0,
    presenceChangedAt: undefined,
    onCall: false,
    // The demo's agents take what they are offered at once (a helpdesk's auto-assign).
    autoAccept: true,
    pendingOffers: [],
    channelCapacities: [],
    lastHeartbeatAt: undefined,
  },
  {
    agentId: 'maria.lopez',
    displayName: 'Maria Lopez',
    skills: [{ name: 'account_access', level: 5 }, { name: 'security', level: 4 }, { name: 'technical_issue', level: 3 }],
    languages: ['en', 'es'],
    teams: ['Support'],
    chatCapacity: 2,
    presence: Presence.PRESENCE_AVAILABLE,
    activeHandoffs: 0,
    presenceChangedAt: undefined,
    onCall: false,
    // The demo's agents take what they are offered at once (a helpdesk's auto-assign).
    autoAccept: true,
    pendingOffers: [],
    channelCapacities: [],
    lastHeartbeatAt: undefined,
  },
];

export const DEMO_CONVERSATIONS: ScriptedConversation[] = [
  {
    title: 'A double charge: a category that always goes to a person',
    customer: { id: 'cus_1042', name: 'Alice Moreau', email: 'alice.moreau@example.com', accountId: 'acct_88231', tier: 'standard' },
    expectsHandoff: true,
    wrapUp: { reply: 'I can see the two $49.00 charges from Nov 3. I have refunded the duplicate.', code: 'refund_issued', note: 'Duplicate charge refunded', csat: 5, closingSentiment: 0.6 },
    steps: [
      { page: 'https://app.example.com/billing/invoices', title: 'Billing · Invoices' },
      { say: 'Hi! How can I help you today?', as: 'bot', confidence: 0.95, intent: 'greeting' },
      { say: 'I was charged twice for my November invoice, both $49.00 on Nov 3.', as: 'customer' },
    ],
  },
  {
    title: 'A VIP locked out of their account presses the button',
    customer: { id: 'cus_2001', name: 'Bob Tanaka', email: 'bob@tanaka-design.example', accountId: 'acct_10077', tier: 'vip' },
    expectsHandoff: true,
    wrapUp: { reply: 'I have unlocked your account and sent a fresh sign-in link.', code: 'account_unlocked', note: 'Unlocked after identity check', csat: 4, closingSentiment: 0.4 },
    steps: [
      { page: 'https://app.example.com/login', title: 'Sign in' },
      { say: "I can't log in, it says my verification code is invalid.", as: 'customer' },
      { action: 'send_password_reset', outcome: ActionOutcome.ACTION_OUTCOME_SUCCEEDED, detail: 'reset e-mail sent' },
      { say: "I've sent a password reset link to your e-mail. Codes expire after 10 minutes.", as: 'bot', confidence: 0.82, intent: 'account_access' },
      { button: true },
    ],
  },
  {
    title: 'A how-to question the bot answers well',
    customer: { id: 'cus_3300', name: 'Carol Díaz', email: 'carol.diaz@example.com', accountId: 'acct_55410', tier: 'standard' },
    expectsHandoff: false,
    steps: [
      { say: 'How do I export my invoices as CSV?', as: 'customer' },
      { say: 'Go to Billing → Invoices, select the invoices, then choose Export → CSV.', as: 'bot', confidence: 0.93, intent: 'how_to_export' },
      { say: 'Found it, thanks!', as: 'customer' },
      { close: true, csat: 5 },
    ],
  },
  {
    title: 'Growing frustration: a soft offer of a person, accepted',
    customer: { id: 'cus_5120', name: 'Erin Walsh', email: 'erin.walsh@example.com', accountId: 'acct_71003', tier: 'standard' },
    expectsHandoff: true,
    wrapUp: { reply: 'The export fails on files over 2 GB; I have split it into two for you.', code: 'workaround_given', note: 'Split the export below the size limit', csat: 4, closingSentiment: 0.3 },
    steps: [
      { say: 'The app crashes every time I upload a photo.', as: 'customer' },
      { say: 'Sorry about that! Try updating the app to the latest version.', as: 'bot', confidence: 0.64, intent: 'troubleshoot_crash' },
      { say: "I've tried that already, it still crashes. This is really frustrating.", as: 'customer' },
      { say: 'You could try clearing the app cache in Settings.', as: 'bot', confidence: 0.52, intent: 'troubleshoot_crash' },
      { answerOffer: true },
    ],
  },
  {
    title: 'A refund demand while the billing specialist is busy',
    customer: { id: 'cus_4150', name: 'Dan Whitfield', email: 'dan.whitfield@example.com', accountId: 'acct_60002', tier: 'standard' },
    expectsHandoff: true,
    wrapUp: { reply: 'Your refund for order #77812 is on its way.', code: 'refund_issued', note: 'Refund issued for the damaged order', csat: 3, closingSentiment: 0.1 },
    steps: [
      { page: 'https://app.example.com/orders/77812', title: 'Order #77812' },
      { say: 'I returned order 77812 two weeks ago and still have no refund. I want my money back.', as: 'customer' },
    ],
  },
  {
    title: 'Still waiting for billing: the customer takes an e-mail follow-up instead',
    customer: { id: 'cus_6230', name: 'Femi Adeyemi', email: 'femi.adeyemi@example.com', accountId: 'acct_90417', tier: 'standard' },
    expectsHandoff: true,
    steps: [
      { page: 'https://app.example.com/billing/invoices/INV-3391', title: 'Invoice INV-3391' },
      { say: 'There is a $120 charge on invoice INV-3391 that I never agreed to. Please remove it.', as: 'customer' },
      { chooseFollowUp: 'email_follow_up' },
    ],
  },
];

/** The chat system relays the customer's choice among the alternatives to waiting (the option id it was offered). */
export function followUpEvent(optionId: 'callback' | 'email_follow_up', handoffId: string, conversationId: string, eventId: string, at: Date): ConversationEvent {
  const channel = optionId === 'callback' ? FollowUpChannel.FOLLOW_UP_CHANNEL_CALLBACK : FollowUpChannel.FOLLOW_UP_CHANNEL_EMAIL;
  return { eventId, conversationId, occurredAt: at, channel: 'chat', language: 'en', payload: { $case: 'followUpChosen', value: { handoffId, channel, optionId } } };
}

export function answerEvent(offerId: string, accepted: boolean, conversationId: string, eventId: string, at: Date): ConversationEvent {
  return { eventId, conversationId, occurredAt: at, channel: 'chat', language: 'en', payload: { $case: 'offerAnswered', value: { offerId, accepted } } };
}

/** Turns a step into the event the chat system would publish. */
export function toEvent(step: Step, conversationId: string, eventId: string, at: Date): ConversationEvent {
  const base = { eventId, conversationId, occurredAt: at, channel: 'chat', language: 'en' };
  if ('say' in step) {
    const bot = step.as === 'bot';
    return {
      ...base,
      payload: {
        $case: 'messagePosted',
        value: { messageId: eventId, role: bot ? Role.ROLE_BOT : Role.ROLE_CUSTOMER, text: step.say, botConfidence: bot ? step.confidence : undefined, botIntent: bot ? step.intent : '', agentId: '' },
      },
    };
  }
  if ('action' in step) return { ...base, payload: { $case: 'botActionAttempted', value: { action: step.action, outcome: step.outcome, detail: step.detail } } };
  if ('page' in step) return { ...base, payload: { $case: 'pageViewed', value: { url: step.page, title: step.title } } };
  if ('button' in step) return { ...base, payload: { $case: 'humanRequested', value: { source: 'button' } } };
  if ('answerOffer' in step) throw new Error('an offer answer needs the offer id: use answerEvent');
  if ('chooseFollowUp' in step) throw new Error('a follow-up choice needs the handoff id: use followUpEvent');
  return { ...base, payload: { $case: 'conversationClosed', value: { resolvedBy: 1, resolved: true, csat: step.csat, resolutionNote: '' } } };
}

/** What the chat system publishes when a conversation ends: the close event and its outcome on handoff.outcomes.v1. */
export function closingEvents(
  conversationId: string,
  at: Date,
  end: { resolvedBy: 'ai' | 'human'; csat: number; handoffId?: string; agentId?: string; customerId: string; code?: string; note?: string; closingSentiment?: number },
): { close: ConversationEvent; outcome: ConversationOutcome } {
  const human = end.resolvedBy === 'human';
  return {
    close: {
      eventId: `${conversationId}-close`, conversationId, occurredAt: at, channel: 'chat', language: 'en',
      payload: { $case: 'conversationClosed', value: { resolvedBy: human ? Resolver.RESOLVER_AGENT : Resolver.RESOLVER_BOT, resolved: true, csat: end.csat, resolutionNote: end.note ?? '' } },
    },
    outcome: ConversationOutcome.fromPartial({
      outcomeId: `${conversationId}-outcome`, conversationId, handoffId: end.handoffId ?? '', closedAt: at,
      resolvedBy: human ? ResolvedBy.RESOLVED_BY_HUMAN : ResolvedBy.RESOLVED_BY_AI, resolved: true, csat: end.csat,
      resolutionCode: end.code ?? '', resolutionNote: end.note ?? '', closingSentiment: end.closingSentiment, agentId: end.agentId ?? '', customerId: end.customerId,
    }),
  };
}

export function agentReplyEvent(conversationId: string, agentId: string, text: string, at: Date): ConversationEvent {
  const eventId = `${conversationId}-agent-reply`;
  return { eventId, conversationId, occurredAt: at, channel: 'chat', language: 'en', payload: { $case: 'messagePosted', value: { messageId: eventId, role: Role.ROLE_AGENT, text, botIntent: '', agentId } } };
}
