// Test data shared by routing's suites.
import { Presence, type Agent } from '@handoff/contracts';

export const availableAgent = (agentId: string, chatCapacity: number, skill = 'general'): Agent => ({
  agentId,
  displayName: agentId,
  skills: [{ name: skill, level: 4 }],
  languages: ['en'],
  teams: [],
  chatCapacity,
  presence: Presence.PRESENCE_AVAILABLE,
  activeHandoffs: 0,
  presenceChangedAt: undefined,
  onCall: false,
  autoAccept: true,
  pendingOffers: [],
  channelCapacities: [],
  lastHeartbeatAt: undefined,
});
