// Issue category of a customer message, from the default taxonomy. A keyword baseline: a message outside every
// known category is "other", never forced into a hard one.

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

// Checked in order: the more specific (and the hard) categories first.
const RULES: Array<[Category, RegExp]> = [
  ['security', /\b(?:hack(?:ed|er)?|fraud(?:ulent)?|phishing|unauthori[sz]ed (?:access|login|charge)|someone (?:else )?(?:logged|got) into|stolen (?:account|card)|suspicious (?:login|activity))\b/i],
  ['data_privacy', /\b(?:gdpr|ccpa|delete (?:all )?my (?:data|personal)|personal data|data (?:request|export|deletion)|privacy)\b/i],
  ['legal', /\b(?:lawyer|attorney|legal action|sue|lawsuit|court|small claims)\b/i],
  ['enterprise_contract', /\b(?:enterprise (?:plan|contract|agreement)|msa|master services|sla credits?|procurement|seats? for (?:my|our) (?:team|company))\b/i],
  ['billing_dispute', /\b(?:charged (?:twice|double|me twice)|double[- ]charged|overcharged|wrong (?:amount|charge)|dispute|didn'?t authori[sz]e|unexpected charge|billed (?:twice|wrong|incorrectly))\b/i],
  ['refund', /\b(?:refund|money back|reimburse|chargeback)\b/i],
  ['cancellation', /\b(?:cancel|close my account|terminate (?:my )?(?:subscription|contract)|end my subscription|unsubscribe from the plan)\b/i],
  ['account_access', /\b(?:can'?t|cannot|unable to) (?:log ?in|sign ?in|access)|locked out|password reset|reset (?:my )?password|2fa|two[- ]factor|verification code\b/i],
  ['payment', /\b(?:payment (?:failed|declined|method)|card (?:declined|was declined)|update (?:my )?(?:card|billing)|invoice|pay(?:ing)? (?:my )?bill)\b/i],
  ['order_delivery', /\b(?:order|package|parcel|delivery|shipping|shipment|tracking|arrived|courier)\b/i],
  ['technical_issue', /\b(?:error|bug|crash(?:es|ed)?|not working|doesn'?t work|broken|fails? to|won'?t (?:load|open|sync)|500|timeout|blank (?:page|screen))\b/i],
  ['account_management', /\b(?:change (?:my )?(?:email|name|address|plan)|upgrade|downgrade|add (?:a )?user|profile settings)\b/i],
  ['complaint', /\b(?:complain(?:t)?|unacceptable|terrible service|worst|disappointed)\b/i],
  ['how_to', /\b(?:how (?:do|can|to) i?|where (?:do|can) i|is it possible to|tutorial|guide)\b/i],
];

export function classifyCategory(text: string): Category {
  for (const [category, pattern] of RULES) if (pattern.test(text)) return category;
  return 'other';
}
