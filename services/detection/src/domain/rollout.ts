// Which policy acts for a conversation: the active one, or a candidate rolled out to a stable share of conversations.
// A candidate in shadow mode never acts; it decides alongside the active policy so its decisions can be compared.
import { createHash } from 'node:crypto';
import type { DetectionEngine } from './engine';

export type CandidateMode = 'shadow' | 'rollout';

export interface Candidate {
  engine: DetectionEngine;
  mode: CandidateMode;
  /** Share of conversations (0–100) the candidate acts for, in rollout mode. */
  percent: number;
}

/** 0–99, the same for a conversation id everywhere and always. */
export function rolloutBucket(conversationId: string): number {
  return createHash('sha256').update(conversationId).digest().readUInt32BE(0) % 100;
}

export class PolicyRollout {
  constructor(
    readonly active: DetectionEngine,
    readonly candidate?: Candidate,
  ) {}

  /** The engine whose decisions are published for this conversation. */
  actingFor(conversationId: string): DetectionEngine {
    const c = this.candidate;
    return c?.mode === 'rollout' && rolloutBucket(conversationId) < c.percent ? c.engine : this.active;
  }

  /** The engine that decides in the shadow (recorded, never published), if any. */
  get shadow(): DetectionEngine | undefined {
    return this.candidate?.mode === 'shadow' ? this.candidate.engine : undefined;
  }
}
