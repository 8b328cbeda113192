import { Presence } from '@handoff/contracts';
import { isAvailable, rankAgents, type AgentCandidate } from '../src/domain/agent-selection';

const agent = (agentId: string, overrides: Partial<AgentCandidate> = {}): AgentCandidate => ({
  agentId,
  skills: [{ name: 'general', level: 3 }],
  languages: ['en'],
  teams: [],
  onCall: false,
  autoAccept: true,
  presence: Presence.PRESENCE_AVAILABLE,
  capacity: 3,
  activeHandoffs: 0,
  idleSince: new Date('2026-11-21T09:00:00Z'),
  ...overrides,
});

describe('agent availability', () => {
  it('never offers a handoff to an offline, away, do-not-disturb or full agent', () => {
    const agents = [
      agent('offline', { presence: Presence.PRESENCE_OFFLINE }),
      agent('away', { presence: Presence.PRESENCE_AWAY }),
      agent('dnd', { presence: Presence.PRESENCE_DO_NOT_DISTURB }),
      agent('full', { activeHandoffs: 3 }),
      agent('free'),
    ];
    expect(agents.filter((a) => isAvailable(a, 'en')).map((a) => a.agentId)).toEqual(['free']);
  });

  it('matches languages by their base tag', () => {
    expect(isAvailable(agent('en', { languages: ['en-US'] }), 'en-GB')).toBe(true);
    expect(isAvailable(agent('fr', { languages: ['fr'] }), 'en')).toBe(false);
    expect(isAvailable(agent('any', { languages: [] }), 'de')).toBe(true);
  });
});

describe('agent ranking', () => {
  it('prefers the highest skill level, then the least loaded, then the longest idle', () => {
    const ranked = rankAgents(
      [
        agent('generalist'),
        agent('busy-expert', { skills: [{ name: 'refund', level: 5 }], activeHandoffs: 2 }),
        agent('idle-expert', { skills: [{ name: 'refund', level: 5 }], idleSince: new Date('2026-11-21T08:00:00Z') }),
        agent('expert', { skills: [{ name: 'refund', level: 5 }] }),
        agent('junior', { skills: [{ name: 'refund', level: 2 }] }),
      ],
      'refund',
    );
    expect(ranked.map((a) => a.agentId)).toEqual(['idle-expert', 'expert', 'busy-expert', 'junior', 'generalist']);
  });

  it('follows the order the policy configures', () => {
    const ranked = rankAgents([agent('loaded-expert', { skills: [{ name: 'refund', level: 5 }], activeHandoffs: 2 }), agent('free-novice', { skills: [{ name: 'refund', level: 1 }] })], 'refund', ['least_loaded', 'highest_skill']);
    expect(ranked.map((a) => a.agentId)).toEqual(['free-novice', 'loaded-expert']);
  });
});
