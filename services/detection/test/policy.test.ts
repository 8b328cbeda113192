import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PolicyError, parsePolicy } from '../src/domain/policy/parse';

const problemsOf = (yaml: string): string[] => {
  try {
    parsePolicy(yaml, 'policy.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be rejected');
};

describe('detection policy', () => {
  it('accepts the shipped default policy', () => {
    const file = path.join(__dirname, '../policy/default.yaml');
    const policy = parsePolicy(readFileSync(file, 'utf8'), file);
    expect(policy.version).toBe('default-2026.11.1');
    expect(policy.triggers.sentiment_persistent.consecutive_messages).toBe(2);
    expect(policy.triggers.low_confidence.below).toBe(0.7);
    expect(policy.triggers.turn_limit.customer_messages).toBe(8);
    expect(policy.triggers.time_limit.minutes).toBe(10);
  });

  it('fills defaults for everything not written', () => {
    const policy = parsePolicy('version: minimal\n', 'policy.yaml');
    expect(policy.triggers.hard_category.categories).toMatchObject({ billing_dispute: 'hard', refund: 'hard', legal: 'hard' });
    expect(policy.triggers.loop_question.times).toBe(3);
  });

  it('names the path, the line and what was expected', () => {
    const problems = problemsOf('version: v1\ntriggers:\n  sentiment_persistent:\n    consecutive_messages: 0\n  low_confidence:\n    below: 1.5\n');
    expect(problems).toEqual([
      'triggers.sentiment_persistent.consecutive_messages (line 4): expected a whole number of at least 1',
      'triggers.low_confidence.below (line 6): expected a number from 0 to 1',
    ]);
  });

  it('rejects unknown fields, unknown categories and wrong modes', () => {
    const problems = problemsOf('version: v1\ntriggers:\n  loop_questoin: {}\n  hard_category:\n    categories:\n      refunds: hard\n      legal: maybe\n');
    expect(problems).toEqual(
      expect.arrayContaining([
        'triggers (line 3): unknown field "loop_questoin" (check the spelling)',
        'triggers.hard_category.categories (line 6): unknown field "refunds" (check the spelling)',
        'triggers.hard_category.categories.legal (line 7): expected "hard" or "soft"',
      ]),
    );
  });

  it('requires a version and reports YAML syntax errors with their line', () => {
    expect(problemsOf('triggers: {}\n')).toEqual(['version: expected a version string, e.g. "2026-11-21.1"']);
    expect(problemsOf('version: v1\ntriggers: [\n')[0]).toMatch(/^line \d+: /);
  });

  it('says which file is wrong', () => {
    expect(() => parsePolicy('version: 5\n', '/etc/handoff/policy.yaml')).toThrow('Invalid detection policy /etc/handoff/policy.yaml');
  });
});
