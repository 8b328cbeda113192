// Removes personal data (e-mail addresses, payment card numbers, phone numbers) from anything about to be logged.

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13 to 19 digits, optionally grouped by spaces or dashes; confirmed with the Luhn checksum before redacting.
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
// International or national phone numbers: optional +country, 9 to 15 digits with common separators.
const PHONE = /(?<![\w.])\+?\d{1,3}?[ .-]?\(?\d{2,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}(?![\w.])/g;

export const REDACTED = '[redacted]';

function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** 9 to 15 digits, written like a phone number: with +, separators, or at most 11 bare digits (long bare runs are ids). */
function looksLikePhone(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  if (digits < 9 || digits > 15) return false;
  return /[+\s().-]/.test(match) || digits <= 11;
}

export function redactText(text: string): string {
  return text
    .replace(EMAIL, REDACTED)
    .replace(CARD_CANDIDATE, (match) => (passesLuhn(match.replace(/[ -]/g, '')) ? REDACTED : match))
    .replace(PHONE, (match) => (looksLikePhone(match) ? REDACTED : match));
}

/** Keys whose values are personal data whatever they contain. */
const SENSITIVE_KEYS = new Set(['email', 'name', 'phone', 'text', 'password', 'authorization', 'cardNumber', 'card_number']);

export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: redactText(value.message), stack: value.stack };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SENSITIVE_KEYS.has(key) && v !== undefined && v !== '' ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}
