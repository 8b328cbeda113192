// The detection policy in force. Every decision records its version.
import { Severity } from '@handoff/contracts';

export interface DetectionPolicy {
  version: string;
  /** Tiers whose handoffs are urgent. */
  urgentTiers: string[];
}

export const DEFAULT_POLICY: DetectionPolicy = {
  version: 'builtin-1',
  urgentTiers: ['vip', 'enterprise'],
};

export function severityFor(policy: DetectionPolicy, tier: string): Severity {
  return policy.urgentTiers.includes(tier) ? Severity.SEVERITY_HIGH : Severity.SEVERITY_NORMAL;
}
