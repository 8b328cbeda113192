// Team names the customer is told, and queue priority. Pure.
import { Severity } from '@handoff/contracts';

const TEAMS: Record<string, string> = {
  billing_dispute: 'Billing',
  refund: 'Billing',
  payment: 'Billing',
  cancellation: 'Accounts',
  account_management: 'Accounts',
  enterprise_contract: 'Enterprise',
  account_access: 'Account Security',
  security: 'Account Security',
  data_privacy: 'Privacy',
  legal: 'Legal',
  technical_issue: 'Technical Support',
  order_delivery: 'Orders',
};

export function teamFor(category: string): string {
  return TEAMS[category] ?? 'Support';
}

const TIER_BONUS: Record<string, number> = { vip: 20, enterprise: 20, churn_risk: 10 };

/** Higher is served first; among equals the oldest request goes first. */
export function priorityOf(severity: Severity, tier: string): number {
  const severityScore = Math.max(0, severity) * 15;
  return severityScore + (TIER_BONUS[tier] ?? 0);
}
