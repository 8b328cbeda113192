// Realistic conversations for the load benchmark and the fault suite: most resolved by the bot, some with explicit
// requests, frustration, loops, hard categories and VIPs. Each plan says whether it must end with a person.
import { randomUUID } from 'node:crypto';
import { Agent, Presence, Role, type ConversationEvent } from '@handoff/contracts';
import { seededRandom } from '@handoff/core';

export type ConversationKind = 'resolved' | 'explicit_button' | 'explicit_words' | 'hard_category' | 'vip' | 'frustration' | 'loop';

/** One thing the chat system does: publish an event, or wait for the soft offer and accept it. */
export type Step = { event: (conversationId: string) => ConversationEvent } | { acceptOffer: true };

export interface ConversationPlan {
  conversationId: string;
  kind: ConversationKind;
  steps: Step[];
  /** Whether the conversation must end with exactly one handoff. */
  expectsHandoff: boolean;
  /** Index of the step whose event makes detection escalate (the triggering message). */
  triggerStep: number;
}

/** The mix played by default: shares of conversations by kind. */
export const DEFAULT_MIX: Record<ConversationKind, number> = {
  resolved: 0.6,
  explicit_button: 0.07,
  explicit_words: 0.05,
  hard_category: 0.1,
  vip: 0.05,
  frustration: 0.07,
  loop: 0.06,
};

const TIERS_STANDARD = ['standard', 'standard', 'standard', 'pro'];

function base(conversationId: string): Omit<ConversationEvent, 'payload'> {
  return { eventId: randomUUID(), conversationId, occurredAt: new Date(), channel: 'chat', language: 'en' };
}
const customer = (text: string): Step => ({
  event: (id) => ({ ...base(id), payload: { $case: 'messagePosted', value: { messageId: randomUUID(), role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' } } }),
});
const bot = (text: string, confidence: number, intent: string): Step => ({
  event: (id) => ({ ...base(id), payload: { $case: 'messagePosted', value: { messageId: randomUUID(), role: Role.ROLE_BOT, text, botConfidence: confidence, botIntent: intent, agentId: '' } } }),
});
const identified = (n: number, tier: string): Step => ({
  event: (id) => ({
    ...base(id),
    payload: { $case: 'customerIdentified', value: { customerId: `cus_${n}`, name: `Customer ${n}`, email: `customer${n}@example.com`, accountId: `acct_${n}`, tier, userAgent: '' } },
  }),
});
const page = (url: string, title: string): Step => ({ event: (id) => ({ ...base(id), payload: { $case: 'pageViewed', value: { url, title } } }) });
const button: Step = { event: (id) => ({ ...base(id), payload: { $case: 'humanRequested', value: { source: 'button' } } }) };
const closed: Step = {
  event: (id) => ({ ...base(id), payload: { $case: 'conversationClosed', value: { resolvedBy: 1, resolved: true, csat: 5, resolutionNote: '' } } }),
};

const HOW_TO: Array<[string, string, string]> = [
  ['How do I export my invoices as CSV?', 'Go to Billing → Invoices, select the invoices, then choose Export → CSV.', 'how_to_export'],
  ['Where can I change the language of the app?', 'Open Settings → Preferences → Language and pick the one you want.', 'how_to_language'],
  ['How do I add a teammate to my workspace?', 'Go to Settings → Members and click Invite, then enter their e-mail address.', 'how_to_invite'],
  ['Can I turn on dark mode?', 'Yes: Settings → Appearance → Theme → Dark.', 'how_to_theme'],
];
const THANKS = ['Found it, thanks!', 'Perfect, that worked.', 'Great, thank you!'];
const HUMAN_WORDS = ['Can I talk to a human please?', 'I want to speak to a real person.', 'Please connect me with an agent.'];
const HARD = [
  'I was charged twice for my November invoice, both $49.00 on Nov 3.',
  'I returned order 77812 two weeks ago and still have no refund. I want my money back.',
  'I want to cancel my subscription and close my account today.',
];
const LOOP_QUESTIONS = ['How do I change my shipping address?', 'How can I update the delivery address on my order?'];

/** Builds one conversation of the given kind; `n` makes the customer and texts vary. */
export function planConversation(kind: ConversationKind, n: number, prefix: string): ConversationPlan {
  const conversationId = `${prefix}-${kind}-${n}`;
  const pick = <T>(list: readonly T[]): T => list[n % list.length]!;
  const tier = pick(TIERS_STANDARD);
  let steps: Step[];
  switch (kind) {
    case 'resolved': {
      const [question, answer, intent] = pick(HOW_TO);
      steps = [identified(n, tier), bot('Hi! How can I help you today?', 0.95, 'greeting'), customer(question), bot(answer, 0.93, intent), customer(pick(THANKS)), closed];
      break;
    }
    case 'explicit_button':
      steps = [identified(n, tier), page('https://app.example.com/login', 'Sign in'), customer("I can't log in, it says my verification code is invalid."), bot('I have sent a password reset link to your e-mail.', 0.82, 'account_access'), button];
      break;
    case 'explicit_words':
      steps = [identified(n, tier), bot('Hi! How can I help you today?', 0.95, 'greeting'), customer(pick(HUMAN_WORDS))];
      break;
    case 'hard_category':
      steps = [identified(n, tier), page('https://app.example.com/billing/invoices', 'Billing · Invoices'), bot('Hi! How can I help you today?', 0.95, 'greeting'), customer(pick(HARD))];
      break;
    case 'vip':
      steps = [identified(n, 'vip'), customer('The export to PDF fails with error E1203 on my reports.'), bot('Please try exporting again in a few minutes.', 0.78, 'troubleshoot_export'), button];
      break;
    case 'frustration':
      steps = [
        identified(n, tier),
        customer('The app crashes every time I upload a photo.'),
        bot('Sorry about that! Try updating the app to the latest version.', 0.64, 'troubleshoot_crash'),
        customer("I've tried that already, it still crashes. This is really frustrating."),
        bot('You could try clearing the app cache in Settings.', 0.52, 'troubleshoot_crash'),
        { acceptOffer: true },
      ];
      break;
    case 'loop': {
      const question = pick(LOOP_QUESTIONS);
      steps = [
        identified(n, tier),
        customer(question),
        bot('You can manage addresses in your account settings.', 0.75, 'address'),
        customer(question),
        bot('Addresses are under Account → Addresses.', 0.74, 'address'),
        customer(question),
      ];
      break;
    }
  }
  return { conversationId, kind, steps, expectsHandoff: kind !== 'resolved', triggerStep: steps.length - 1 };
}

/** `count` conversations drawn from `mix` with a seeded generator, so a run can be repeated exactly. */
export function planMix(count: number, prefix: string, seed = 42, mix: Record<ConversationKind, number> = DEFAULT_MIX): ConversationPlan[] {
  const random = seededRandom(seed);
  const kinds = Object.entries(mix) as Array<[ConversationKind, number]>;
  const total = kinds.reduce((sum, [, share]) => sum + share, 0);
  const plans: ConversationPlan[] = [];
  for (let n = 0; n < count; n++) {
    let r = random() * total;
    const kind = kinds.find(([, share]) => (r -= share) < 0)?.[0] ?? 'resolved';
    plans.push(planConversation(kind, n, prefix));
  }
  return plans;
}

const ALL_SKILLS = [
  'billing_dispute', 'refund', 'payment', 'security', 'account_access', 'cancellation', 'account_management',
  'technical_issue', 'order_delivery', 'data_privacy', 'legal', 'enterprise_contract', 'general',
];

/** Simulated agents who can take any handoff, so every escalation can end assigned. */
export function simulatedAgents(count: number, capacity: number, options: { autoAccept?: boolean; idPrefix?: string } = {}): Agent[] {
  return Array.from({ length: count }, (_, i) =>
    Agent.fromPartial({
    agentId: `${options.idPrefix ?? 'agent'}-${i + 1}`,
    displayName: `Agent ${i + 1}`,
    skills: ALL_SKILLS.map((name) => ({ name, level: 3 })),
    languages: ['en'],
    teams: ['Support', 'Billing', 'Enterprise'],
    chatCapacity: capacity,
    presence: Presence.PRESENCE_AVAILABLE,
    onCall: i === 0,
    autoAccept: options.autoAccept ?? true,
  }),
  );
}
