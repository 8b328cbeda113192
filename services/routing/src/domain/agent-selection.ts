// Which agents may take a handoff, best first. Pure.
import { Presence } from '@handoff/contracts';

export interface AgentCandidate {
  agentId: string;
  skills: Array<{ name: string; level: number }>;
  languages: string[];
  presence: Presence;
  capacity: number;
  activeHandoffs: number;
  /** When the agent last got a handoff (or became available): longest idle goes first among equals. */
  idleSince: Date;
}

export interface HandoffNeeds {
  category: string;
  language: string;
}

/** Agents without the exact skill can still serve any category through this one. */
export const GENERAL_SKILL = 'general';

const baseLanguage = (tag: string) => tag.toLowerCase().split('-')[0]!;

function speaks(agent: AgentCandidate, language: string): boolean {
  if (!language || agent.languages.length === 0) return true;
  return agent.languages.some((l) => baseLanguage(l) === baseLanguage(language));
}

/** Level of the agent's skill for the category: the exact skill, else general (as a lower tier), else none. */
function skillScore(agent: AgentCandidate, category: string): number {
  const exact = agent.skills.find((s) => s.name === category);
  if (exact) return 10 + exact.level;
  const general = agent.skills.find((s) => s.name === GENERAL_SKILL);
  return general ? general.level : 0;
}

export function isEligible(agent: AgentCandidate, needs: HandoffNeeds): boolean {
  return (
    agent.presence === Presence.PRESENCE_AVAILABLE &&
    agent.activeHandoffs < agent.capacity &&
    speaks(agent, needs.language) &&
    skillScore(agent, needs.category) > 0
  );
}

/** Eligible agents: specialists before generalists, then least loaded, then longest idle. */
export function rankAgents(agents: AgentCandidate[], needs: HandoffNeeds): AgentCandidate[] {
  return agents
    .filter((a) => isEligible(a, needs))
    .sort(
      (a, b) =>
        skillScore(b, needs.category) - skillScore(a, needs.category) ||
        a.activeHandoffs / a.capacity - b.activeHandoffs / b.capacity ||
        a.idleSince.getTime() - b.idleSince.getTime(),
    );
}
