// The notification policy support operations own: the customer's messages per language (templates with named
// variables), which channels alert agents at which urgency, where agents and supervisors are reached, and when
// supervisors get a digest. Validated at start-up: an unknown variable, a missing template or a missing language
// stops the service naming the path.
import { parsePolicyYaml } from '@handoff/config';
import { z } from 'zod';

/** Every customer-facing template and the variables it may use. A template using anything else is rejected. */
export const TEMPLATE_VARIABLES = {
  transition_queued: ['issue', 'team', 'wait'],
  transition_assigned: ['issue', 'team', 'agent_first_name'],
  agent_joined: ['team', 'agent_first_name'],
  wait_eta: ['minutes'],
  wait_next: [],
  wait_position: ['position'],
  queue_update_next: ['team', 'minutes'],
  queue_update_next_no_eta: ['team'],
  queue_update_position: ['team', 'position', 'minutes'],
  queue_update_position_no_eta: ['team', 'position'],
  queue_update_reassure: ['team'],
  alternatives_offer: ['team', 'waited'],
  alternatives_callback: [],
  alternatives_email: [],
  alternatives_keep_waiting: [],
  async_off_hours: ['issue', 'team', 'sla', 'sla_deadline', 'time_zone'],
  async_no_agent: ['issue', 'team', 'sla', 'sla_deadline', 'time_zone'],
  async_no_agent_after_wait: ['issue', 'team', 'sla', 'sla_deadline', 'time_zone'],
  async_callback: ['issue', 'team', 'sla', 'sla_deadline', 'time_zone'],
  async_email: ['issue', 'team', 'sla', 'sla_deadline', 'time_zone'],
  sla_by_deadline: ['deadline', 'time_zone'],
  sla_unknown: [],
  transcript_option: [],
  human_offer: [],
  human_offer_accept: [],
  human_offer_decline: [],
  suggested_greeting: ['customer_first_name'],
  suggested_greeting_anonymous: [],
  suggested_issue: ['issue'],
  suggested_tried: ['actions'],
  suggested_error: ['error'],
  suggested_message: ['greeting', 'facts'],
} as const satisfies Record<string, readonly string[]>;

export type TemplateName = keyof typeof TEMPLATE_VARIABLES;
/** Plural templates: one form per CLDR plural category of the language, chosen by the count `{n}`. */
export const PLURAL_TEMPLATES = ['minutes'] as const;
export type PluralName = (typeof PLURAL_TEMPLATES)[number];

const variablesIn = (text: string): string[] => [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);

/** A template string that may only use the given variables; a stray brace is an error too. */
function template(allowed: readonly string[]) {
  return z.string({ message: 'expected the message text' }).superRefine((text, ctx) => {
    for (const name of variablesIn(text)) {
      if (!allowed.includes(name)) {
        ctx.addIssue({ code: 'custom', message: `unknown variable {${name}} (this template may use ${allowed.length ? allowed.map((v) => `{${v}}`).join(', ') : 'no variables'})` });
      }
    }
    const unbalanced = text.replace(/\{[^{}]*\}/g, '');
    if (/[{}]/.test(unbalanced)) ctx.addIssue({ code: 'custom', message: 'unbalanced { or }: variables are written {name}' });
  });
}

const plural = z
  .object({ zero: template(['n']), one: template(['n']), two: template(['n']), few: template(['n']), many: template(['n']), other: template(['n']) })
  .partial()
  .strict()
  .refine((forms) => forms.other !== undefined, 'expected at least the "other" form, e.g. { one: "{n} minute", other: "{n} minutes" }');

const templates = z
  .object({
    ...(Object.fromEntries(Object.entries(TEMPLATE_VARIABLES).map(([name, allowed]) => [name, template(allowed)])) as { [K in TemplateName]: ReturnType<typeof template> }),
    minutes: plural,
  })
  .strict();

const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a BCP 47 language tag, e.g. "en" or "fr"');
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone, e.g. "Europe/Paris"');

const language = z
  .object({
    /** How the customer's issue is named, per category; `other` names anything not listed. */
    issues: z.record(z.string(), z.string().min(1)).refine((issues) => typeof issues.other === 'string', 'expected an "other" entry, used for categories not listed'),
    templates,
  })
  .strict();

const channel = z.enum(['slack', 'email', 'webhook'], { message: 'expected slack, email or webhook' });
const email = z.string().regex(/^[^@\s]+@[^@\s]+$/, 'expected an e-mail address');
const seconds = z.number({ message: 'expected a number of seconds > 0' }).positive('expected a number of seconds > 0');

export const notificationPolicySchema = z
  .object({
    version: z.string({ message: 'expected a version string, e.g. "notification-2026.11.1"' }).min(1),
    messages: z
      .object({
        /** Used when the customer's language has no templates. */
        default_language: languageTag,
        /** Time zone for SLA deadlines when routing's update does not name one. */
        time_zone: timeZone.default('UTC'),
        languages: z.record(languageTag, language),
      })
      .strict()
      .superRefine((messages, ctx) => {
        if (!Object.hasOwn(messages.languages, messages.default_language)) {
          ctx.addIssue({ code: 'custom', path: ['default_language'], message: `language "${messages.default_language}" is missing from messages.languages (defined: ${Object.keys(messages.languages).join(', ') || 'none'})` });
        }
      }),
    alerts: z
      .object({
        /** Routing statuses that alert the agent; an agent is alerted once per handoff whatever the order. */
        on: z.array(z.enum(['offered', 'assigned'])).default(['offered', 'assigned']),
        /** Any one of these makes an alert urgent. */
        urgent_when: z
          .object({
            tiers: z.array(z.string()).default(['vip', 'enterprise']),
            severities: z.array(z.enum(['low', 'normal', 'high', 'critical'])).default(['critical']),
            sentiment_at_or_below: z.number().min(-1).max(1).default(-0.6),
          })
          .strict()
          .prefault({}),
        /** Channels per urgency; an empty list means the handoff only appears in the agent's queue. */
        channels: z.object({ urgent: z.array(channel).default(['slack', 'email', 'webhook']), routine: z.array(channel).default(['webhook']) }).strict().prefault({}),
        /** How long an alert waits for the context package (name, summary, sentiment) before going out without it. */
        wait_for_context_seconds: seconds.default(10),
        /** Where the agent opens the handoff; variables {handoff_id}, {conversation_id}. */
        link: template(['handoff_id', 'conversation_id']).default('https://helpdesk.example.com/handoffs/{handoff_id}'),
        email: z
          .object({
            from: z.string().min(1).default('Handoff <alerts@handoff.example>'),
            /** An agent's address when the directory has none; variable {agent_id}. Omit to mail only listed agents. */
            agent_address: template(['agent_id']).optional(),
            /** Agent id → address. */
            agents: z.record(z.string(), email).default({}),
            /** Team name (as routing names it) → address copied on that team's alerts. */
            teams: z.record(z.string(), email).default({}),
          })
          .strict()
          .prefault({}),
        retry: z
          .object({ attempts: z.number().int().min(1).max(20).default(5), initial_delay_seconds: seconds.default(2), max_delay_seconds: seconds.default(60) })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    digest: z
      .object({
        /** A digest goes out when the longest wait in the queues reaches this. */
        longest_wait_seconds: seconds.default(900),
        /** And at most this often. */
        every_seconds: seconds.default(900),
        channels: z.array(channel).default(['slack', 'email']),
        email_to: z.array(email).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type NotificationPolicy = z.infer<typeof notificationPolicySchema>;
export type LanguageTexts = NotificationPolicy['messages']['languages'][string];
export type AlertChannel = z.infer<typeof channel>;

export const parseNotificationPolicy = (text: string, source: string): NotificationPolicy => parsePolicyYaml('notification', text, source, notificationPolicySchema);
