import http from 'node:http';
import { EscalationReason, Role, type ConversationEvent } from '@handoff/contracts';
import { testLogger } from '@handoff/testing';
import { LlmSummarizer, statesOnlyKnownNumbers } from '../src/adapters/llm-summarizer';
import { assembleContextPackage } from '../src/domain/assemble';

/** A local OpenAI-compatible endpoint whose answer each test sets. */
let answer: { status: number; content: string; delayMs: number } = { status: 200, content: '', delayMs: 0 };
const received: Array<{ path: string; auth: string; body: { model: string; messages: Array<{ role: string; content: string }> } }> = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ path: req.url ?? '', auth: String(req.headers.authorization ?? ''), body: JSON.parse(body) });
    setTimeout(() => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { content: answer.content } }] })), answer.delayMs);
  });
});
let summarizer: LlmSummarizer;

const event: ConversationEvent = { eventId: 'e1', conversationId: 'c', occurredAt: new Date('2026-11-21T10:00:00Z'), channel: 'chat', language: 'en', payload: { $case: 'messagePosted', value: { messageId: 'm', role: Role.ROLE_CUSTOMER, text: 'Charged 49 EUR twice', botIntent: '', agentId: '' } } };
const pkg = assembleContextPackage({
  request: { handoffId: 'h', conversationId: 'c', escalationSequence: 1, reason: EscalationReason.ESCALATION_REASON_HARD_CATEGORY, mode: 1, evidence: [], policyVersion: 'p', triggeringEventId: 'e1', requestedAt: undefined, category: 'billing_dispute', sentimentScore: 0, severity: 2, customerTier: 'standard', language: 'en', offerId: '', channel: '' },
  events: [event],
  now: new Date('2026-11-21T10:00:01Z'),
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  summarizer = new LlmSummarizer({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`, model: 'test-model', apiKey: 'k', timeoutMs: 300 }, testLogger());
});
afterAll(() => server.close());

describe('LLM summariser', () => {
  it('sends only the package facts (no e-mail) and uses a faithful answer', async () => {
    answer = { status: 200, content: 'Customer was charged 49 EUR twice (billing dispute); the AI attempted nothing.', delayMs: 0 };
    expect(await summarizer.summarize(pkg)).toBe('Customer was charged 49 EUR twice (billing dispute); the AI attempted nothing.');
    const request = received.at(-1)!;
    expect(request).toMatchObject({ path: '/v1/chat/completions', auth: 'Bearer k', body: { model: 'test-model' } });
    expect(request.body.messages[1]!.content).not.toMatch(/@/);
  });

  it('falls back to the template when the answer states a number the package does not hold', async () => {
    answer = { status: 200, content: 'Customer was charged 99 EUR three times.', delayMs: 0 };
    expect(await summarizer.summarize(pkg)).toBeUndefined();
  });

  it('falls back to the template when the endpoint is slow or failing', async () => {
    answer = { status: 200, content: 'late', delayMs: 1000 };
    expect(await summarizer.summarize(pkg)).toBeUndefined();
    answer = { status: 500, content: '', delayMs: 0 };
    expect(await summarizer.summarize(pkg)).toBeUndefined();
  });

  it('checks numbers against the facts', () => {
    expect(statesOnlyKnownNumbers('2 open invoices', { openInvoices: [1, 2] })).toBe(true);
    expect(statesOnlyKnownNumbers('17 days', { days: 3 })).toBe(false);
  });
});
