// JSON over HTTP to a helpdesk with Node's fetch: a per-request timeout, bounded retries with backoff on 5xx, 429
// (honouring Retry-After) and network errors, and HandoffErrors that tell the consumer what to do next:
// permanent (INVALID_ARGUMENT / FAILED_PRECONDITION: straight to the DLQ) or UNAVAILABLE (retried, then DLQ).
import { HandoffError, failedPrecondition, invalidArgument, unavailable } from '@handoff/errors';
import type { Logger } from '@handoff/logging';
import type { HttpRequestSpec } from '../domain/http-request';
import { decideRetry, type AttemptOutcome, type HttpRetryPolicy } from '../domain/retry-policy';

export interface HttpClientOptions {
  timeoutMs: number;
  retry: HttpRetryPolicy;
  logger: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpEndpoint {
  /** Used in logs and error messages. */
  target: string;
  baseUrl: string;
  /** Authentication and version headers sent with every request. */
  headers: Record<string, string>;
  /** Extra headers computed from the exact body of each attempt (webhook signatures). */
  sign?: (body: string, now: Date) => Record<string, string>;
}

export interface HttpResult {
  status: number;
  body: unknown;
}

const MAX_ERROR_BODY = 300;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class HttpClient {
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: HttpClientOptions) {
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? defaultSleep;
  }

  async send(endpoint: HttpEndpoint, spec: HttpRequestSpec): Promise<HttpResult> {
    const url = endpoint.baseUrl.replace(/\/+$/, '') + spec.path;
    const body = JSON.stringify(spec.body);
    const what = `${endpoint.target} ${spec.method} ${spec.path || '/'}`;
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome;
      let responseText = '';
      let responseStatus = 0;
      try {
        const response = await fetch(url, {
          method: spec.method,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...endpoint.headers,
            ...spec.headers,
            ...endpoint.sign?.(body, this.now()),
          },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
          redirect: 'error',
        });
        responseStatus = response.status;
        responseText = await response.text();
        outcome = { kind: 'response', status: response.status, retryAfter: response.headers.get('retry-after') };
      } catch (error) {
        const name = (error as { name?: string } | null)?.name;
        outcome = name === 'TimeoutError' || name === 'AbortError' ? { kind: 'timeout' } : { kind: 'network', message: networkMessage(error) };
      }

      const decision = decideRetry(outcome, attempt, this.options.retry, this.now());
      switch (decision.action) {
        case 'done':
          return { status: responseStatus, body: parseBody(responseText) };
        case 'permanent': {
          const detail = responseText ? `: ${responseText.slice(0, MAX_ERROR_BODY)}` : '';
          const message = `${what} rejected with ${decision.reason}${detail}`;
          throw decision.code === 'FAILED_PRECONDITION' ? failedPrecondition(message) : invalidArgument(message);
        }
        case 'exhausted':
          throw unavailable(`${what} failed: ${decision.reason}`);
        case 'retry':
          this.options.logger.warn({ target: endpoint.target, method: spec.method, path: spec.path, attempt, delayMs: decision.delayMs, outcome: outcome.kind === 'response' ? outcome.status : outcome.kind }, 'helpdesk request failed; retrying');
          await this.sleep(decision.delayMs);
      }
    }
  }
}

function networkMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** True for errors whose retry can never succeed. */
export const isPermanentHttpError = (error: unknown): boolean => error instanceof HandoffError && error.permanent;
