// Fills the policy's templates: the customer's language (or the default), variables by name, plural forms, the issue
// named by category, and SLA deadlines in the customer's language and the team's time zone. Pure.
import type { LanguageTexts, NotificationPolicy, PluralName, TemplateName } from './policy';

export type Variables = Record<string, string | number>;

/** The texts for a customer: their language, else its base language ("fr-CA" → "fr"), else the default. */
export function textsFor(policy: NotificationPolicy, language: string | undefined): { language: string; texts: LanguageTexts } {
  const { languages, default_language } = policy.messages;
  const candidates = language ? [language, language.toLowerCase(), language.split('-')[0]!.toLowerCase()] : [];
  const chosen = candidates.find((tag) => Object.hasOwn(languages, tag)) ?? default_language;
  return { language: chosen, texts: languages[chosen]! };
}

/** Replaces every {name}; validation at start-up guarantees each name is one the template may use. */
export function fill(text: string, variables: Variables): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, name: string) => (Object.hasOwn(variables, name) ? String(variables[name]) : whole)).replace(/\s+/g, ' ').trim();
}

export class Wording {
  constructor(
    readonly language: string,
    private readonly texts: LanguageTexts,
  ) {}

  static for(policy: NotificationPolicy, language: string | undefined): Wording {
    const { language: chosen, texts } = textsFor(policy, language);
    return new Wording(chosen, texts);
  }

  text(name: TemplateName, variables: Variables = {}): string {
    return fill(this.texts.templates[name], variables);
  }

  plural(name: PluralName, n: number): string {
    const forms = this.texts.templates[name] as Partial<Record<Intl.LDMLPluralRule, string>>;
    const category = new Intl.PluralRules(this.language).select(n);
    return fill(forms[category] ?? forms.other!, { n });
  }

  /** "5 minutes" for a number of seconds, never less than one minute. */
  minutes(seconds: number): string {
    return this.plural('minutes', Math.max(1, Math.round(seconds / 60)));
  }

  /** What the customer is dealing with, from the category. */
  issue(category: string): string {
    const issues = this.texts.issues;
    return Object.hasOwn(issues, category) ? issues[category]! : issues.other!;
  }
}

/**
 * For updates without sla_time_zone (from a routing release before it): the IANA zone routing named at the end of its
 * SLA words ("… (Europe/Paris)"), else the fallback.
 */
export function slaTimeZone(slaDescription: string, fallback: string): string {
  const named = /\(([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+|UTC)\)\s*$/.exec(slaDescription)?.[1];
  if (!named) return fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: named });
    return named;
  } catch {
    return fallback;
  }
}

/** The deadline as people of the language write it, in the zone: "mardi 24 novembre 2026 à 13:00". */
export function formatDeadline(deadline: Date, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(deadline);
}
