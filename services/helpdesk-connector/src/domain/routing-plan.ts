// Which buffered routing updates a ticket still needs, in sequence order. Pure.
import type { HandoffStatus, RoutingFields } from './fields';

/** What a ticket already reflects. */
export interface AppliedRouting {
  /** The highest sequence applied (or deliberately skipped); 0 before any. */
  lastSequence: number;
  lastStatus?: HandoffStatus | undefined;
  lastAgentId?: string | undefined;
}

export interface RoutingStep {
  fields: RoutingFields;
  /** false: nothing the helpdesk shows changed (only the queue position or ETA), so no request is made. */
  send: boolean;
}

/**
 * Orders the pending updates by sequence, drops those already applied (sequence ≤ lastSequence) and duplicates,
 * and marks the ones that change neither status nor agent as not worth a request.
 */
export function planRouting(applied: AppliedRouting, pending: readonly RoutingFields[]): RoutingStep[] {
  const bySequence = new Map<number, RoutingFields>();
  for (const update of pending) if (update.sequence > applied.lastSequence) bySequence.set(update.sequence, update);
  const ordered = [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
  let status = applied.lastStatus;
  let agentId = applied.lastAgentId;
  return ordered.map((fields) => {
    const nextAgent = fields.agent?.id;
    const send = fields.status !== status || (nextAgent !== undefined && nextAgent !== agentId);
    status = fields.status;
    if (nextAgent !== undefined) agentId = nextAgent;
    return { fields, send };
  });
}
