import { Presence, Severity } from '@handoff/contracts';
import { rankAgents, type AgentCandidate } from '../src/domain/agent-selection';
import { priorityOf, teamFor } from '../src/domain/queueing';

const agent = (agentId: string, overrides: Partial<AgentCandidate> = {}): AgentCandidate => ({
  agentId,
  skills: [{ name: 'general', level: 3 }],
  languages: ['en'],
  presence: Presence.PRESENCE_AVAILABLE,
  capacity: 3,
  activeHandoffs: 0,
  idleSince: new Date('2026-11-21T09:00:00Z'),
  ...overrides,
});

const needs = { category: 'billing_dispute', language: 'en-GB' };

describe('rankAgents', () => {
  it('never offers a handoff to an offline, do-not-disturb or full agent', () => {
    const ranked = rankAgents(
      [
        agent('offline', { presence: Presence.PRESENCE_OFFLINE }),
        agent('dnd', { presence: Presence.PRESENCE_DO_NOT_DISTURB }),
        agent('full', { activeHandoffs: 3 }),
        agent('free'),
      ],
      needs,
    );
    expect(ranked.map((a) => a.agentId)).toEqual(['free']);
  });

  it('puts specialists first, then the least loaded, then the longest idle', () => {
    const ranked = rankAgents(
      [
        agent('generalist'),
        agent('busy-specialist', { skills: [{ name: 'billing_dispute', level: 4 }], activeHandoffs: 2 }),
        agent('idle-specialist', { skills: [{ name: 'billing_dispute', level: 4 }], idleSince: new Date('2026-11-21T08:00:00Z') }),
        agent('specialist', { skills: [{ name: 'billing_dispute', level: 4 }] }),
      ],
      needs,
    );
    expect(ranked.map((a) => a.agentId)).toEqual(['idle-specialist', 'specialist', 'busy-specialist', 'generalist']);
  });

  it('matches languages by their base tag and skips agents without a matching skill', () => {
    const ranked = rankAgents(
      [agent('french', { languages: ['fr'] }), agent('no-skill', { skills: [{ name: 'refund', level: 5 }] }), agent('english', { languages: ['en-US'] })],
      needs,
    );
    expect(ranked.map((a) => a.agentId)).toEqual(['english']);
  });
});

describe('queueing', () => {
  it('names the team for a category and falls back to Support', () => {
    expect(teamFor('refund')).toBe('Billing');
    expect(teamFor('other')).toBe('Support');
  });

  it('serves urgent and VIP handoffs first', () => {
    expect(priorityOf(Severity.SEVERITY_HIGH, 'vip')).toBeGreaterThan(priorityOf(Severity.SEVERITY_HIGH, 'standard'));
    expect(priorityOf(Severity.SEVERITY_CRITICAL, 'standard')).toBeGreaterThan(priorityOf(Severity.SEVERITY_NORMAL, 'vip'));
  });
});
