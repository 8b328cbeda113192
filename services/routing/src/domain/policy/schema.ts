// The routing policy support operations own, in the concepts of Twilio TaskRouter: queues select agents with an
// expression; an ordered workflow of filters picks a handoff's steps; steps fall through on timeout. Also priority
// (with aging), reservations, team business hours, SLAs and ETA. Validated at start-up; `version` is recorded.
import { z } from 'zod';

const seconds = z.number({ message: 'expected a number of seconds > 0' }).positive('expected a number of seconds > 0');
const count = (min: number) => z.number({ message: `expected a whole number of at least ${min}` }).int(`expected a whole number of at least ${min}`).min(min, `expected a whole number of at least ${min}`);
const expression = z.string({ message: 'expected an expression, e.g. "skills.refund >= 3 and languages has task.language"' }).min(1, 'expected a non-empty expression');
const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'names are lowercase letters, digits and _, starting with a letter');
const day = z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'expected "HH:MM-HH:MM", e.g. "09:00-17:30"'));

export const routingPolicySchema = z
  .object({
    version: z.string({ message: 'expected a version string, e.g. "routing-2026.11.1"' }).min(1, 'expected a non-empty version string'),
    reservations: z
      .object({
        /** How long an agent has to accept an offer before it goes to the next agent. */
        accept_timeout_seconds: seconds.default(30),
        /** An agent who lets an offer time out is set to away, so the next handoff does not wait on them too. */
        away_after_timeout: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** Order of preference among eligible agents. */
    agent_order: z.array(z.enum(['least_loaded', 'longest_idle', 'highest_skill'], { message: 'expected least_loaded, longest_idle or highest_skill' })).min(1).default(['highest_skill', 'least_loaded', 'longest_idle']),
    presence: z.object({ heartbeat_timeout_seconds: seconds.default(120) }).strict().prefault({}),
    /**
     * The channels routed, with each one's capacity for agents who do not set their own (chat's comes from the agent's
     * chat_capacity). A handoff from a channel not listed here is routed as chat.
     */
    channels: z
      .record(name, z.object({ default_capacity: z.number().int().min(0).max(100) }).strict())
      .default({ chat: { default_capacity: 3 } })
      .refine((channels) => 'chat' in channels, { message: 'must list chat (the channel unknown channels are routed as)' }),
    priority: z
      .object({
        tiers: z.record(name, z.number()).default({ vip: 20, enterprise: 20, churn_risk: 10 }),
        severity: z.object({ low: z.number().default(0), normal: z.number().default(15), high: z.number().default(30), critical: z.number().default(60) }).strict().prefault({}),
        /** Added when the customer's sentiment at handoff is at or below very_negative_at_most. */
        very_negative: z.number().default(10),
        very_negative_at_most: z.number().min(-1).max(1).default(-0.6),
        /** Added per minute waited, so nothing starves. */
        aging_per_minute: z.number().min(0).default(1),
      })
      .strict()
      .prefault({}),
    teams: z
      .record(
        name,
        z
          .object({
            display_name: z.string().min(1),
            /** IANA time zone of the team's calendar, e.g. "Europe/Paris". */
            time_zone: z.string().refine((tz) => {
              try {
                new Intl.DateTimeFormat('en', { timeZone: tz });
                return true;
              } catch {
                return false;
              }
            }, 'expected an IANA time zone, e.g. "Europe/Paris" or "America/New_York"'),
            /** Opening hours per weekday; a day not listed is closed. Omit `hours` entirely for 24/7. */
            hours: z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }).partial().strict().optional(),
            holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date "YYYY-MM-DD"')).default([]),
          })
          .strict(),
      )
      .default({ support: { display_name: 'Support', time_zone: 'UTC', holidays: [] } }),
    queues: z
      .record(
        name,
        z
          .object({
            team: name,
            /** Which agents the queue may offer to, over agent attributes (skills.<name>, languages, teams, on_call). */
            agents: expression,
          })
          .strict(),
      )
      .default({ general: { team: 'support', agents: 'skills.general >= 1' } }),
    workflow: z
      .array(
        z
          .object({
            name,
            /** Over handoff attributes: category, tier, severity, language, sentiment, reason. Omit for the default filter. */
            when: expression.optional(),
            steps: z
              .array(
                z
                  .object({
                    queue: name,
                    /** Extra condition on agents for this step; may refer to the handoff as task.<attribute>. */
                    agents: expression.optional(),
                    /** Replaces the computed priority while the handoff is in this step. */
                    priority: z.number().optional(),
                    /** After this long without an agent, fall through to the next step. Omit on the last step. */
                    timeout_seconds: seconds.optional(),
                    /** Go straight to the next step when no eligible agent is available at all (not merely busy). */
                    skip_if_no_one_available: z.boolean().default(false),
                  })
                  .strict(),
              )
              .min(1, 'a filter needs at least one step'),
          })
          .strict(),
      )
      .min(1, 'the workflow needs at least one filter')
      .default([{ name: 'default', steps: [{ queue: 'general', skip_if_no_one_available: false }] }]),
    /** Reply commitments for handoffs that become async tickets (off-hours, or no step can serve). */
    sla: z
      .object({
        business_hours: z.number().positive().default(8),
        tiers: z.record(name, z.object({ business_hours: z.number().positive() }).strict()).default({}),
        /** Severities whose async handoffs page the on-call agent. */
        page_on_call_for: z.array(z.enum(['low', 'normal', 'high', 'critical'])).default(['critical']),
      })
      .strict()
      .prefault({}),
    eta: z
      .object({
        /** Recent assignments per queue the estimator learns from. */
        window: count(5).default(50),
        /** Used until a queue has enough history. */
        default_seconds: seconds.default(120),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const [queue, q] of Object.entries(policy.queues)) {
      if (!policy.teams[q.team]) ctx.addIssue({ code: 'custom', path: ['queues', queue, 'team'], message: `no team "${q.team}" in teams (known: ${Object.keys(policy.teams).join(', ')})` });
    }
    policy.workflow.forEach((filter, f) => {
      filter.steps.forEach((step, s) => {
        if (!policy.queues[step.queue]) ctx.addIssue({ code: 'custom', path: ['workflow', f, 'steps', s, 'queue'], message: `no queue "${step.queue}" in queues (known: ${Object.keys(policy.queues).join(', ')})` });
      });
      if (!filter.when && f !== policy.workflow.length - 1) ctx.addIssue({ code: 'custom', path: ['workflow', f, 'when'], message: 'only the last filter may omit "when" (it is the default that catches the rest)' });
    });
    if (policy.workflow.at(-1)?.when) ctx.addIssue({ code: 'custom', path: ['workflow', policy.workflow.length - 1], message: 'the last filter must be the default: omit its "when" so every handoff matches a filter' });
  });

export type RoutingPolicy = z.infer<typeof routingPolicySchema>;
export type WorkflowFilter = RoutingPolicy['workflow'][number];
export type WorkflowStep = WorkflowFilter['steps'][number];
export type TeamCalendar = RoutingPolicy['teams'][string];
