// Which available agents may take a handoff, best first. Pure.
import { Presence } from '@handoff/contracts';

export interface AgentCandidate {
  agentId: string;
  displayName?: string;
  skills: Array<{ name: string; level: number }>;
  languages: string[];
  teams: string[];
  onCall: boolean;
  /** Offers to this agent are accepted at once. */
  autoAccept: boolean;
  presence: Presence;
  capacity: number;
  activeHandoffs: number;
  /** When the agent last got a handoff (or became available): longest idle goes first among equals. */
  idleSince: Date;
}

export type AgentOrder = 'highest_skill' | 'least_loaded' | 'longest_idle';

export const DEFAULT_ORDER: AgentOrder[] = ['highest_skill', 'least_loaded', 'longest_idle'];

const baseLanguage = (tag: string) => tag.toLowerCase().split('-')[0]!;

/** An agent with no languages listed is taken to speak any; otherwise the base tags must match (en-GB ~ en). */
export function speaks(agent: Pick<AgentCandidate, 'languages'>, language: string): boolean {
  if (!language || agent.languages.length === 0) return true;
  return agent.languages.some((l) => baseLanguage(l) === baseLanguage(language));
}

/** Available now: present, below capacity, speaking the customer's language. Offline, away and do-not-disturb never are. */
export function isAvailable(agent: AgentCandidate, language: string): boolean {
  return agent.presence === Presence.PRESENCE_AVAILABLE && agent.activeHandoffs < agent.capacity && speaks(agent, language);
}

const levelIn = (agent: AgentCandidate, skill: string) => agent.skills.find((s) => s.name === skill)?.level ?? 0;

const COMPARE: Record<AgentOrder, (skill: string) => (a: AgentCandidate, b: AgentCandidate) => number> = {
  highest_skill: (skill) => (a, b) => levelIn(b, skill) - levelIn(a, skill),
  least_loaded: () => (a, b) => a.activeHandoffs / a.capacity - b.activeHandoffs / b.capacity,
  longest_idle: () => (a, b) => a.idleSince.getTime() - b.idleSince.getTime(),
};

/** Orders agents by the policy's preferences; `skill` is the handoff's category for highest_skill. */
export function rankAgents(agents: AgentCandidate[], skill: string, order: AgentOrder[] = DEFAULT_ORDER): AgentCandidate[] {
  const comparators = order.map((o) => COMPARE[o](skill));
  return [...agents].sort((a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return a.agentId.localeCompare(b.agentId);
  });
}
