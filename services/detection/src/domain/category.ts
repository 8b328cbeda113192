// The issue-category taxonomy: stable ids used by the policy, every report and the batch tools. The trained
// classifier (classifiers/) assigns them; a message outside every known category is "other".

export const CATEGORIES = [
  'billing_dispute',
  'refund',
  'cancellation',
  'account_access',
  'security',
  'data_privacy',
  'legal',
  'enterprise_contract',
  'technical_issue',
  'payment',
  'order_delivery',
  'account_management',
  'how_to',
  'complaint',
  'other',
] as const;

export type Category = (typeof CATEGORIES)[number];
