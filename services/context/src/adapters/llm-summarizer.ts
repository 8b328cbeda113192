// Optional summariser behind an OpenAI-compatible chat-completions endpoint. The template summary is the default and
// the fallback: on a timeout, an error, or an answer that states a number the package does not hold, the template
// is used, so the summary stays faithful and a handoff never waits on the model.
import { ContextPackage } from '@handoff/contracts';
import type { Logger } from '@handoff/logging';

export interface LlmSettings {
  /** Base URL of the API, e.g. https://api.openai.com/v1 or a local server. */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

const INSTRUCTIONS =
  'You write the one-paragraph handoff summary a support agent reads in 15 seconds before joining a chat. ' +
  'Use only facts in the JSON you are given; never add, guess or generalise. Cover: the customer issue, why it was escalated, ' +
  'what the AI already attempted and how it went, the sentiment, relevant account facts, previous tickets or handoffs. ' +
  'Plain text, at most 90 words, no lists, no greeting.';

/** The facts the model may use: the package without personal contact data or the raw decision internals. */
function factsOf(pkg: ContextPackage): unknown {
  const json = ContextPackage.toJSON(pkg) as Record<string, unknown>;
  const { customer, summary: _summary, summarySource: _source, ...rest } = json as { customer?: Record<string, unknown>; summary?: unknown; summarySource?: unknown };
  return { ...rest, customer: customer ? { name: customer.name, tier: customer.tier } : undefined };
}

/** Every number the summary states must appear among the facts. */
export function statesOnlyKnownNumbers(summary: string, facts: unknown): boolean {
  const known = JSON.stringify(facts);
  return (summary.match(/\d+(?:[.,]\d+)?/g) ?? []).every((n) => known.includes(n.replace(',', '.')) || known.includes(n));
}

export class LlmSummarizer {
  constructor(
    private readonly settings: LlmSettings,
    private readonly logger: Logger,
  ) {}

  /** A faithful summary from the model, or undefined (use the template). */
  async summarize(pkg: ContextPackage): Promise<string | undefined> {
    const facts = factsOf(pkg);
    try {
      const response = await fetch(`${this.settings.url.replace(/\/$/, '')}/chat/completions`, {
        method: 'POST',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        headers: { 'content-type': 'application/json', ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}) },
        body: JSON.stringify({
          model: this.settings.model,
          temperature: 0,
          max_tokens: 200,
          messages: [
            { role: 'system', content: INSTRUCTIONS },
            { role: 'user', content: JSON.stringify(facts) },
          ],
        }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
      const summary = body.choices?.[0]?.message?.content?.trim();
      if (!summary) throw new Error('empty answer');
      if (!statesOnlyKnownNumbers(summary, facts)) {
        this.logger.warn({ handoffId: pkg.handoffId }, 'LLM summary stated numbers not in the package; using the template');
        return undefined;
      }
      return summary.replace(/\s+/g, ' ');
    } catch (error) {
      this.logger.warn({ handoffId: pkg.handoffId, err: (error as Error).message }, 'LLM summariser unavailable; using the template');
      return undefined;
    }
  }
}
