import { DetectionEngine } from '../src/domain/engine';
import { PolicyRollout, rolloutBucket } from '../src/domain/rollout';
import { policyFrom, scriptedClassifier } from './engine-harness';

const active = new DetectionEngine(policyFrom('version: active-1\n'), scriptedClassifier);
const candidate = new DetectionEngine(policyFrom('version: candidate-2\n'), scriptedClassifier);
const ids = Array.from({ length: 4000 }, (_, i) => `conversation-${i}`);

describe('policy rollout', () => {
  it('puts a conversation in the same bucket every time', () => {
    expect(rolloutBucket('conv-42')).toBe(rolloutBucket('conv-42'));
    expect(rolloutBucket('conv-42')).toBeGreaterThanOrEqual(0);
    expect(rolloutBucket('conv-42')).toBeLessThan(100);
  });

  it('lets the candidate act for about the configured share of conversations, and for the same ones each time', () => {
    const rollout = new PolicyRollout(active, { engine: candidate, mode: 'rollout', percent: 10 });
    const share = ids.filter((id) => rollout.actingFor(id) === candidate).length / ids.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    expect(ids.map((id) => rollout.actingFor(id).policy.version)).toEqual(ids.map((id) => rollout.actingFor(id).policy.version));
  });

  it('never lets a shadow candidate act', () => {
    const rollout = new PolicyRollout(active, { engine: candidate, mode: 'shadow', percent: 100 });
    expect(ids.every((id) => rollout.actingFor(id) === active)).toBe(true);
    expect(rollout.shadow).toBe(candidate);
  });

  it('acts with the active policy alone when there is no candidate', () => {
    const rollout = new PolicyRollout(active);
    expect(rollout.actingFor('x')).toBe(active);
    expect(rollout.shadow).toBeUndefined();
  });
});
