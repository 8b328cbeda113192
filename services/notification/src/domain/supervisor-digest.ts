// The supervisors' digest: when the longest wait in the queues passes the policy's threshold, at most once per
// period, a summary of who is waiting where. Pure: the waiting customers and the time in.
import type { NotificationPolicy } from './policy';

export interface WaitingEntry {
  team: string;
  waitingSince: Date;
}

export interface SupervisorDigest {
  /** The period this digest covers: one digest per period, whatever the number of replicas. */
  period: number;
  at: Date;
  waiting: number;
  longestWaitSeconds: number;
  thresholdSeconds: number;
  /** Longest wait first. */
  teams: Array<{ team: string; waiting: number; longestWaitSeconds: number }>;
}

export function digestDue(waiting: WaitingEntry[], now: Date, policy: NotificationPolicy): SupervisorDigest | undefined {
  const { longest_wait_seconds, every_seconds } = policy.digest;
  const waitOf = (entry: WaitingEntry) => Math.max(0, Math.round((now.getTime() - entry.waitingSince.getTime()) / 1000));
  const longest = Math.max(0, ...waiting.map(waitOf));
  if (waiting.length === 0 || longest < longest_wait_seconds) return undefined;
  const teams = new Map<string, { team: string; waiting: number; longestWaitSeconds: number }>();
  for (const entry of waiting) {
    const team = entry.team || 'support';
    const row = teams.get(team) ?? { team, waiting: 0, longestWaitSeconds: 0 };
    row.waiting += 1;
    row.longestWaitSeconds = Math.max(row.longestWaitSeconds, waitOf(entry));
    teams.set(team, row);
  }
  return {
    period: Math.floor(now.getTime() / (every_seconds * 1000)),
    at: now,
    waiting: waiting.length,
    longestWaitSeconds: longest,
    thresholdSeconds: longest_wait_seconds,
    teams: [...teams.values()].sort((a, b) => b.longestWaitSeconds - a.longestWaitSeconds || a.team.localeCompare(b.team)),
  };
}
