import { ActionOutcome, ContextPackage, RoutingStatus, RoutingUpdate, Severity } from '@handoff/contracts';
import { agentEmail, alertFactsOf, composeAgentAlert, decideUrgency, suggestFirstMessage, teamEmail, type AlertFacts } from '../src/domain/agent-alerts';
import { emailAlert, slackAlert, webhookAlert } from '../src/domain/alert-formats';
import { parseNotificationPolicy } from '../src/domain/policy';
import { verifyWebhook, webhookHeaders } from '../src/domain/webhook-signature';
import { DEFAULT_POLICY_TEXT, defaultPolicy as policy } from './policy-fixture';

const requestedAt = new Date('2026-11-21T10:00:00Z');
const pkg = (overrides: Partial<ContextPackage> = {}) =>
  ContextPackage.fromPartial({
    handoffId: 'ho_1',
    conversationId: 'c1',
    language: 'en',
    customer: { customerId: 'cus_1', name: 'Dana Whitfield', email: 'dana@example.com', tier: 'standard' },
    request: { handoffId: 'ho_1', conversationId: 'c1', category: 'billing_dispute', severity: Severity.SEVERITY_NORMAL, sentimentScore: -0.3, requestedAt, customerTier: 'standard', language: 'en' },
    sentiment: { atHandoff: -0.35, first: 0.1, perMessage: [0.1, -0.35], direction: 'worsening' },
    botActions: [
      { action: 'lookup_invoice', outcome: ActionOutcome.ACTION_OUTCOME_SUCCEEDED, detail: 'found' },
      { action: 're_add_card', outcome: ActionOutcome.ACTION_OUTCOME_FAILED, detail: 'card declined' },
    ],
    technical: { errorMessages: ['Payment method could not be verified'], errorCodes: [], browser: 'Chrome', operatingSystem: 'macOS', productArea: 'billing' },
    summary: 'Dana Whitfield (standard tier) was charged twice after changing plans.',
    ...overrides,
  });
const facts = (overrides: Partial<AlertFacts> = {}): AlertFacts => ({ ...alertFactsOf(pkg()), ...overrides });
const offered = RoutingUpdate.fromPartial({
  updateId: 'u2',
  handoffId: 'ho_1',
  conversationId: 'c1',
  sequence: 2,
  status: RoutingStatus.ROUTING_STATUS_OFFERED,
  team: 'Billing',
  agent: { agentId: 'sam', displayName: 'Sam Okafor' },
  at: new Date('2026-11-21T10:02:30Z'),
  category: 'billing_dispute',
  customerTier: 'standard',
  language: 'en',
});

describe('alert urgency', () => {
  it('is routine for a standard customer with a normal issue', () => {
    expect(decideUrgency(facts(), offered, policy)).toEqual({ urgency: 'routine', because: [] });
  });

  it('is urgent for a VIP, a critical severity, or very negative sentiment, and says which', () => {
    expect(decideUrgency(facts({ tier: 'vip' }), offered, policy)).toEqual({ urgency: 'urgent', because: ['vip customer'] });
    expect(decideUrgency(facts({ severity: Severity.SEVERITY_CRITICAL, sentimentScore: -0.8 }), offered, policy)).toEqual({ urgency: 'urgent', because: ['critical severity', 'very negative sentiment'] });
  });

  it('decides on routing’s tier alone when the context package never came', () => {
    expect(decideUrgency(undefined, { ...offered, customerTier: 'enterprise' }, policy).urgency).toBe('urgent');
    expect(decideUrgency(undefined, offered, policy).urgency).toBe('routine');
  });

  it('follows the policy’s thresholds', () => {
    const strict = parseNotificationPolicy(DEFAULT_POLICY_TEXT.replace('sentiment_at_or_below: -0.6', 'sentiment_at_or_below: -0.3'), 'p.yaml');
    expect(decideUrgency(facts(), offered, strict)).toEqual({ urgency: 'urgent', because: ['very negative sentiment'] });
  });
});

describe('the suggested first message', () => {
  it('greets the customer by first name and proves the context arrived, from package fields only', () => {
    expect(suggestFirstMessage(facts(), offered, policy)).toBe(
      'Hi Dana, I can see you need help with a charge that doesn’t look right, that our assistant already tried re add card without success, that you’re seeing “Payment method could not be verified”; let me sort this out.',
    );
  });

  it('leaves out what the package does not hold', () => {
    const bare = alertFactsOf(pkg({ customer: undefined, botActions: [], technical: undefined }));
    expect(suggestFirstMessage(bare, offered, policy)).toBe('Hi, I can see you need help with a charge that doesn’t look right; let me sort this out.');
    expect(suggestFirstMessage(undefined, { ...offered, category: 'refund' }, policy)).toBe('Hi, I can see you need help with a refund; let me sort this out.');
  });

  it('is written in the customer’s language', () => {
    expect(suggestFirstMessage(facts({ language: 'fr', failedActions: [], errorMessage: undefined }), offered, policy)).toBe(
      'Bonjour Dana, je vois que vous avez besoin d’aide pour un prélèvement qui ne vous semble pas correct ; je m’en occupe.',
    );
  });
});

describe('alert content on each channel', () => {
  const alert = composeAgentAlert('dl_1', facts({ tier: 'vip' }), offered, policy);

  it('carries customer, tier, category, sentiment, summary, wait and link', () => {
    expect(alert).toMatchObject({
      urgency: 'urgent',
      status: 'offered',
      customer: 'Dana Whitfield',
      tier: 'vip',
      category: 'billing dispute',
      sentiment: { score: -0.35, label: 'negative', trend: 'worsening' },
      waitedSeconds: 150,
      link: 'https://helpdesk.example.com/handoffs/ho_1',
      contextArrived: true,
    });
  });

  it('renders a Slack message with the facts as fields, the summary, the suggestion and a button to the handoff', () => {
    const slack = slackAlert(alert);
    expect(slack.text).toBe('Urgent: billing dispute handoff offered to Sam Okafor: Dana Whitfield (vip) waiting 3 min');
    const fields = (slack.blocks[1] as { fields: Array<{ text: string }> }).fields.map((f) => f.text);
    expect(fields).toEqual(['*Customer*\nDana Whitfield', '*Tier*\nvip', '*Category*\nbilling dispute', '*Sentiment*\nnegative (-0.35, worsening)', '*Team*\nBilling', '*Waiting*\n3 min', '*Urgent because*\nvip customer']);
    expect(JSON.stringify(slack.blocks)).toContain('let me sort this out.');
    expect(slack.blocks[4]).toMatchObject({ type: 'actions', elements: [{ url: 'https://helpdesk.example.com/handoffs/ho_1' }] });
  });

  it('renders an e-mail with an urgent subject and escaped HTML', () => {
    const mail = emailAlert({ ...alert, summary: 'Said <b>hi</b> & left' });
    expect(mail.subject).toBe('[Urgent] billing dispute: Dana Whitfield (vip), waiting 3 min');
    expect(mail.text).toContain('Suggested first message:\nHi Dana,');
    expect(mail.html).toContain('Said &lt;b&gt;hi&lt;/b&gt; &amp; left');
  });

  it('renders a versioned webhook body', () => {
    expect(webhookAlert(alert)).toMatchObject({ type: 'handoff.agent_alert', version: 1, delivery_id: 'dl_1', customer: { name: 'Dana Whitfield', tier: 'vip' }, waited_seconds: 150 });
  });

  it('signs webhook bodies so that a receiver can verify them, and rejects tampering and stale timestamps', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    const body = JSON.stringify(webhookAlert(alert));
    const headers = webhookHeaders('a-very-secret-secret', body, 'dl_1', now);
    expect(headers['X-Handoff-Delivery']).toBe('dl_1');
    expect(verifyWebhook('a-very-secret-secret', body, headers['X-Handoff-Timestamp'], headers['X-Handoff-Signature'], now)).toBe(true);
    expect(verifyWebhook('a-very-secret-secret', body.replace('Dana', 'Eve'), headers['X-Handoff-Timestamp'], headers['X-Handoff-Signature'], now)).toBe(false);
    expect(verifyWebhook('another-secret-entirely', body, headers['X-Handoff-Timestamp'], headers['X-Handoff-Signature'], now)).toBe(false);
    expect(verifyWebhook('a-very-secret-secret', body, headers['X-Handoff-Timestamp'], headers['X-Handoff-Signature'], new Date(now.getTime() + 301_000))).toBe(false);
  });
});

describe('on-call pages', () => {
  it('alerts an on-call agent routing pages for a critical async ticket, always urgently', () => {
    const ticket = { ...offered, status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, agent: undefined, pageOnCall: ['oncall-1'] };
    const page = composeAgentAlert('dl_2', facts(), ticket, policy, 'oncall-1');
    expect(page).toMatchObject({ status: 'paged', urgency: 'urgent', because: ['on-call page'], agent: { id: 'oncall-1' } });
    expect(slackAlert(page).text).toBe('Urgent: billing dispute async ticket: on-call page for oncall-1: Dana Whitfield (standard) waiting 3 min');
  });
});

describe('where agents are reached', () => {
  const directory = parseNotificationPolicy(
    DEFAULT_POLICY_TEXT.replace('agents: {}', 'agents: { sam: sam.okafor@example.com }').replace('teams: {}', 'teams: { Billing: billing-leads@example.com }'),
    'p.yaml',
  );

  it('uses the directory, else the address pattern, and copies the team', () => {
    expect(agentEmail('sam', directory)).toBe('sam.okafor@example.com');
    expect(agentEmail('maria', directory)).toBe('maria@agents.handoff.example');
    expect(teamEmail('Billing', directory)).toBe('billing-leads@example.com');
    expect(teamEmail('Orders', directory)).toBeUndefined();
  });
});
