import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PolicyError } from '@handoff/config';
import { parseRoutingPolicy } from '../src/domain/policy/parse';

const problemsOf = (yaml: string): string[] => {
  try {
    parseRoutingPolicy(yaml, 'routing.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be rejected');
};

describe('routing policy', () => {
  it('accepts the shipped default policy', () => {
    const file = path.join(__dirname, '../policy/default.yaml');
    const policy = parseRoutingPolicy(readFileSync(file, 'utf8'), file);
    expect(policy.version).toBe('routing-2026.11.1');
    expect(policy.reservations.accept_timeout_seconds).toBe(30);
    expect(policy.workflow.at(-1)).toMatchObject({ name: 'default', steps: [{ queue: 'general' }] });
  });

  it('names unknown queues and teams, and a default filter that is not last', () => {
    const problems = problemsOf(
      [
        'version: v1',
        'teams:',
        '  support: { display_name: Support, time_zone: UTC }',
        'queues:',
        '  general: { team: helpdesk, agents: "skills.general >= 1" }',
        'workflow:',
        '  - name: first',
        '    steps: [{ queue: general }]',
        '  - name: billing',
        '    when: "category == \'refund\'"',
        '    steps: [{ queue: billing }]',
      ].join('\n'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'queues.general.team (line 5): no team "helpdesk" in teams (known: support)',
        'workflow.0.when: only the last filter may omit "when" (it is the default that catches the rest)',
        'workflow.1.steps.0.queue (line 11): no queue "billing" in queues (known: general)',
        'workflow.1 (line 9): the last filter must be the default: omit its "when" so every handoff matches a filter',
      ]),
    );
  });

  it('rejects an unknown time zone and malformed opening hours', () => {
    const problems = problemsOf('version: v1\nteams:\n  support:\n    display_name: Support\n    time_zone: Mars/Olympus\n    hours: { mon: ["9-17"] }\n');
    expect(problems).toEqual(
      expect.arrayContaining([
        'teams.support.time_zone (line 5): expected an IANA time zone, e.g. "Europe/Paris" or "America/New_York"',
        'teams.support.hours.mon.0 (line 6): expected "HH:MM-HH:MM", e.g. "09:00-17:30"',
      ]),
    );
  });
});
