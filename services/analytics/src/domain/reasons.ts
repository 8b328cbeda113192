// Reason codes as support teams read them: "hard_category", never ESCALATION_REASON_HARD_CATEGORY. A handoff without
// a reason is "unclassified", which is a defect in detection that reports surface instead of hiding.
import { EscalationReason } from '@handoff/contracts';

export const UNCLASSIFIED = 'unclassified';
const PREFIX = 'ESCALATION_REASON_';

export function reasonCode(reason: EscalationReason | undefined): string {
  if (reason === undefined || reason === EscalationReason.ESCALATION_REASON_UNSPECIFIED) return UNCLASSIFIED;
  const name = EscalationReason[reason];
  if (typeof name !== 'string' || !name.startsWith(PREFIX)) return UNCLASSIFIED;
  return name.slice(PREFIX.length).toLowerCase();
}

/** The enum of a reason code; undefined for codes that are not on the closed list. */
export function reasonFromCode(code: string): EscalationReason | undefined {
  const value = (EscalationReason as unknown as Record<string, unknown>)[`${PREFIX}${code.toUpperCase()}`];
  return typeof value === 'number' && value !== EscalationReason.ESCALATION_REASON_UNSPECIFIED ? (value as EscalationReason) : undefined;
}

/** Every reason code on the closed list, in the enum's order. */
export const REASON_CODES: string[] = Object.values(EscalationReason)
  .filter((v): v is EscalationReason => typeof v === 'number' && v > 0)
  .map((v) => reasonCode(v));
