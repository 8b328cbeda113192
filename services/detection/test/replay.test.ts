import { readFileSync } from 'node:fs';
import path from 'node:path';
import { differences, replayAll, reportOf, withSetting } from '../src/batch/replay';
import { parseReplayLine } from '../src/batch/replay-input';
import { loadMessageClassifier } from '../src/domain/classifiers';
import { parsePolicy } from '../src/domain/policy/parse';

const examples = path.join(__dirname, '../examples');
const readPolicy = (file: string) => parsePolicy(readFileSync(file, 'utf8'), file);
const policy = readPolicy(path.join(__dirname, '../policy/default.yaml'));
const classifier = loadMessageClassifier(path.join(__dirname, '../models'));
const conversations = readFileSync(path.join(examples, 'conversations.jsonl'), 'utf8').trim().split('\n').map(parseReplayLine);

describe('replay', () => {
  const decisions = replayAll(policy, classifier, conversations);
  const byId = new Map(decisions.map((d) => [d.conversation_id, d]));

  it('decides each past conversation with the real engine, recording the reason and the policy version', () => {
    expect(byId.get('ex-02')).toMatchObject({ escalate: true, reason: 'explicit_request', at_event: 1, policy_version: 'default-2026.11.1' });
    expect(byId.get('ex-01')).toMatchObject({ escalate: false, reason: null });
  });

  it('answers the latest offer when the data says the customer accepted it', () => {
    expect(byId.get('ex-05')).toMatchObject({ escalate: true, reason: 'offer_accepted', offers: 1 });
  });

  it('fires the simulated timer when the next event comes after the time limit', () => {
    expect(byId.get('ex-12')!.triggers_fired).toContain('time_limit');
  });

  it('reports precision, recall and error rates against the labels', () => {
    const report = reportOf(decisions);
    expect(report.overall).toMatchObject({ labelled: 12, falsePositives: 0, falseNegatives: 1 });
    expect(report.perReason.time_limit).toMatchObject({ recall: 0, falseNegatives: 1 });
  });

  it('shows what a candidate policy would change', () => {
    const strict = replayAll(readPolicy(path.join(examples, 'strict-time-limit.yaml')), classifier, conversations);
    expect(differences(decisions, strict)).toEqual([{ conversation_id: 'ex-12', before: { escalate: false, reason: null }, after: { escalate: true, reason: 'time_limit' } }]);
  });

  it('sweeps a threshold through valid values only, naming a wrong setting', () => {
    expect(withSetting(policy, 'triggers.turn_limit.customer_messages', 4).triggers.turn_limit.customer_messages).toBe(4);
    expect(() => withSetting(policy, 'triggers.turn_limit.customer_messages', 0)).toThrow('--sweep: triggers.turn_limit.customer_messages=0 is not valid');
    expect(() => withSetting(policy, 'triggers.nope.x', 1)).toThrow('the policy has no setting "triggers.nope.x"');
  });

  // With the real classifier: a customer stating a problem after a greeting is not an outburst (sentiment-drop is a
  // hard trigger); the same problem told with anger is.
  it('escalates on a sudden outburst, not on a plain problem report after a greeting', () => {
    const conversation = (id: string, text: string) =>
      parseReplayLine(
        JSON.stringify({
          conversation_id: id,
          events: [
            { at: '2026-11-02T09:00:00Z', type: 'customer', text: 'hi' },
            { at: '2026-11-02T09:00:05Z', type: 'bot', text: 'Hello! How can I help?', confidence: 0.95 },
            { at: '2026-11-02T09:00:30Z', type: 'customer', text },
          ],
        }),
      );
    const [plain, angry] = replayAll(policy, classifier, [
      conversation('plain', 'my card was declined at the store'),
      conversation('angry', 'my card was declined AGAIN, this is ridiculous'),
    ]);
    expect(plain).toMatchObject({ escalate: false });
    expect(angry).toMatchObject({ escalate: true, reason: 'sentiment_drop' });
  });

  it('names the field of a line it cannot use', () => {
    expect(() => parseReplayLine('{"conversation_id":"x","events":[{"at":"soon","type":"customer","text":"hi"}]}')).toThrow('events.0.at: expected an ISO 8601 time');
    expect(() => parseReplayLine('{"events":[]}')).toThrow(/conversation_id/);
  });
});
