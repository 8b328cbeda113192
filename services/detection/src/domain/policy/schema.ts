// The detection policy support operations own: which triggers are on, their thresholds, hard or soft, category and
// tier rules. Parsed from YAML and validated before use; every decision records `version`.
import { z } from 'zod';
import { CATEGORIES } from '../category';

const mode = z.enum(['hard', 'soft'], { message: 'expected "hard" or "soft"' });
const probability = z.number({ message: 'expected a number from 0 to 1' }).min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1');
const sentimentScore = z.number({ message: 'expected a sentiment score from -1 to 1' }).min(-1, 'expected a sentiment score from -1 to 1').max(1, 'expected a sentiment score from -1 to 1');
const count = (min: number) => z.number({ message: `expected a whole number of at least ${min}` }).int(`expected a whole number of at least ${min}`).min(min, `expected a whole number of at least ${min}`);
const toggle = { enabled: z.boolean({ message: 'expected true or false' }).default(true) };
const categoryId = z.enum(CATEGORIES, { message: `expected one of the category ids: ${CATEGORIES.join(', ')}` });

export const policySchema = z
  .object({
    version: z.string({ message: 'expected a version string, e.g. "2026-11-21.1"' }).min(1, 'expected a non-empty version string'),
    triggers: z
      .object({
        explicit_request: z.object({ ...toggle, min_confidence: probability.default(0.5) }).strict().default({ enabled: true, min_confidence: 0.5 }),
        hard_category: z
          .object({
            ...toggle,
            min_confidence: probability.default(0.5),
            categories: z.partialRecord(categoryId, mode).default({
              billing_dispute: 'hard',
              refund: 'hard',
              cancellation: 'hard',
              legal: 'hard',
              security: 'hard',
              data_privacy: 'hard',
              enterprise_contract: 'hard',
            }),
          })
          .strict()
          .prefault({}),
        sentiment_persistent: z
          .object({ ...toggle, mode: mode.default('soft'), negative_at_most: sentimentScore.default(-0.3), consecutive_messages: count(1).default(2) })
          .strict()
          .prefault({}),
        sentiment_drop: z
          .object({ ...toggle, mode: mode.default('hard'), from_at_least: sentimentScore.default(-0.2), to_at_most: sentimentScore.default(-0.6) })
          .strict()
          .prefault({}),
        low_confidence: z.object({ ...toggle, mode: mode.default('soft'), below: probability.default(0.7), bot_turns: count(1).default(2) }).strict().prefault({}),
        loop_question: z
          .object({ ...toggle, mode: mode.default('hard'), times: count(2).default(3), similarity: probability.default(0.6) })
          .strict()
          .prefault({}),
        loop_answer: z.object({ ...toggle, mode: mode.default('soft'), times: count(2).default(2), similarity: probability.default(0.85) }).strict().prefault({}),
        turn_limit: z.object({ ...toggle, mode: mode.default('soft'), customer_messages: count(1).default(8) }).strict().prefault({}),
        time_limit: z.object({ ...toggle, mode: mode.default('soft'), minutes: z.number({ message: 'expected minutes > 0' }).positive('expected minutes > 0').default(10) }).strict().prefault({}),
        combined_score: z
          .object({
            ...toggle,
            mode: mode.default('soft'),
            threshold: z.number({ message: 'expected a positive number' }).positive('expected a positive number').default(1),
            weights: z
              .object({
                negative_sentiment: z.number().min(0).default(0.4),
                low_confidence: z.number().min(0).default(0.3),
                repeated_question: z.number().min(0).default(0.3),
                complex_category: z.number().min(0).default(0.4),
                many_turns: z.number().min(0).default(0.2),
              })
              .strict()
              .prefault({}),
            complex_categories: z.array(categoryId).default(['payment', 'technical_issue', 'account_management', 'complaint']),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    tiers: z
      .record(
        z.string().regex(/^[a-z0-9_]+$/, 'tier names are lowercase letters, digits and _'),
        z
          .object({
            /** Hand off at the customer's first message. */
            hand_off_directly: z.boolean({ message: 'expected true or false' }).default(false),
            mode: mode.default('hard'),
            /** Multiplies the turn, time and combined-score thresholds: below 1 escalates sooner. */
            threshold_factor: z.number({ message: 'expected a number from 0.1 to 1' }).min(0.1, 'expected a number from 0.1 to 1').max(1, 'expected a number from 0.1 to 1').default(1),
            urgent: z.boolean({ message: 'expected true or false' }).default(false),
          })
          .strict(),
      )
      .default({
        vip: { hand_off_directly: false, mode: 'hard', threshold_factor: 0.5, urgent: true },
        enterprise: { hand_off_directly: false, mode: 'hard', threshold_factor: 0.5, urgent: true },
        churn_risk: { hand_off_directly: false, mode: 'hard', threshold_factor: 0.6, urgent: false },
      }),
    offers: z
      .object({
        /** After a declined offer, customer messages before another soft trigger may offer again. */
        cooldown_messages: count(1).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;
export type TriggerMode = z.infer<typeof mode>;
