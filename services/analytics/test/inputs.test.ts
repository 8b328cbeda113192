import { assembleConversation, assembleHandoff, type Input } from '../src/domain/inputs';
import { measureHandoff } from '../src/domain/facts';
import { SETTINGS, at } from './fixtures';

const inputs: Input[] = [
  { id: 'ev:e1', kind: 'identity', conversationId: 'c1', at: at('10:00:00'), customerId: 'cus_1', tier: 'standard' },
  { id: 'sig:c1:s1', kind: 'signal', conversationId: 'c1', at: at('10:00:30'), signal: { at: at('10:00:30'), sentiment: -0.6, category: 'billing_dispute', confidence: 0.9 } },
  { id: 'req:h1', kind: 'request', conversationId: 'c1', handoffId: 'h1', at: at('10:01:00'), request: { at: at('10:01:00'), reason: 'hard_category', mode: 'hard', category: 'billing_dispute', tier: 'standard', sentiment: -0.6 } },
  { id: 'rt:h1:1', kind: 'routing', conversationId: 'c1', handoffId: 'h1', at: at('10:01:00'), routing: { sequence: 1, status: 'queued', at: at('10:01:00'), queueId: 'billing', etaSeconds: 120 } },
  { id: 'rt:h1:2', kind: 'routing', conversationId: 'c1', handoffId: 'h1', at: at('10:03:00'), routing: { sequence: 2, status: 'assigned', at: at('10:03:00'), queueId: 'billing', agentId: 'sam' } },
  { id: 'ev:m1', kind: 'agent_message', conversationId: 'c1', at: at('10:03:30') },
  { id: 'flag:h1:sam:1', kind: 'flag', handoffId: 'h1', at: at('10:09:00'), flag: { agentId: 'sam', verdict: 'unsure', at: at('10:09:00'), note: '' } },
  { id: 'flag:h1:sam:2', kind: 'flag', handoffId: 'h1', at: at('10:20:00'), flag: { agentId: 'sam', verdict: 'yes', at: at('10:20:00'), note: 'the FAQ covers it' } },
  {
    id: 'out:o1', kind: 'outcome', conversationId: 'c1', handoffId: 'h1', at: at('10:08:00'),
    outcome: { outcomeId: 'o1', handoffId: 'h1', closedAt: at('10:08:00'), resolvedBy: 'human', resolved: true, csat: 4, resolutionCode: 'refund_issued', resolutionNote: 'Refunded', closingSentiment: 0.2, customerId: 'cus_1' },
  },
];

describe('assembling facts from inputs', () => {
  const conversation = assembleConversation('c1', inputs);
  const handoff = assembleHandoff('h1', inputs);

  it('assembles a conversation and its handoff', () => {
    expect(conversation.startedAt).toEqual(at('10:00:00'));
    expect(Object.keys(conversation.handoffs)).toEqual(['h1']);
    expect(handoff.conversationId).toBe('c1');
    expect(measureHandoff(handoff, conversation, SETTINGS)).toMatchObject({ timeToAgent: 120, firstAgentReply: 150, resolution: 420, handling: 300, quickResolution: true, verdict: 'yes', sentimentAtClose: 0.2 });
  });

  it('gives the same facts for every order and with every input delivered twice', () => {
    for (const order of [[...inputs].reverse(), [...inputs.slice(4), ...inputs.slice(0, 4)], [...inputs, ...inputs].reverse()]) {
      expect(assembleConversation('c1', order)).toEqual(conversation);
      expect(assembleHandoff('h1', order)).toEqual(handoff);
    }
  });

  it("keeps each agent's latest answer whatever the order", () => {
    expect(assembleHandoff('h1', [...inputs].reverse()).flags['sam']!.verdict).toBe('yes');
  });

  it('starts the conversation at its earliest event, even when that event arrives last', () => {
    const late: Input = { id: 'ev:early', kind: 'event', conversationId: 'c1', at: at('09:58:00') };
    expect(assembleConversation('c1', [...inputs, late]).startedAt).toEqual(at('09:58:00'));
  });

  it('waits for the request before measuring a handoff (routing can arrive first)', () => {
    const withoutRequest = inputs.filter((i) => i.kind !== 'request');
    expect(measureHandoff(assembleHandoff('h1', withoutRequest), conversation, SETTINGS)).toBeUndefined();
  });
});
