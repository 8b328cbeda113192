// The closed list of escalation reason codes, as reports and replay labels spell them.
import { EscalationReason } from '@handoff/contracts';

export const REASON_CODES = [
  'explicit_request',
  'hard_category',
  'sentiment_persistent',
  'sentiment_drop',
  'low_confidence',
  'loop_question',
  'loop_answer',
  'turn_limit',
  'time_limit',
  'segment_rule',
  'combined_score',
  'offer_accepted',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export function reasonCode(reason: EscalationReason): ReasonCode {
  const name = EscalationReason[reason]?.replace('ESCALATION_REASON_', '').toLowerCase();
  if (!name || !(REASON_CODES as readonly string[]).includes(name)) throw new Error(`escalation reason ${reason} is outside the closed list`);
  return name as ReasonCode;
}
