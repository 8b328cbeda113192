// The alert channels: a Slack incoming webhook, e-mail over SMTP (nodemailer) and the generic signed webhook. Each
// send is one attempt that reports how it went (never throws); retries are the dispatcher's, from the outbox.
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailContent, SlackMessage } from '../domain/alert-formats';
import type { SendOutcome } from '../domain/delivery-retry';
import { webhookHeaders } from '../domain/webhook-signature';

/** Worth retrying: rate limits, timeouts, conflicts, server errors. Any other 4xx needs an operator. */
const retryableStatus = (status: number) => status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;

async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendOutcome> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    await response.arrayBuffer();
    if (response.ok) return { ok: true };
    return { ok: false, permanent: !retryableStatus(response.status), error: `HTTP ${response.status}` };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, permanent: false, error: `timed out after ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string } } | null)?.cause;
    return { ok: false, permanent: false, error: `network error: ${cause?.code ?? (error instanceof Error ? error.message : String(error))}` };
  }
}

export class SlackChannel {
  constructor(
    private readonly webhookUrl: string,
    private readonly timeoutMs: number,
  ) {}

  send(message: SlackMessage): Promise<SendOutcome> {
    return postJson(this.webhookUrl, JSON.stringify(message), {}, this.timeoutMs);
  }
}

export class WebhookChannel {
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
  ) {}

  send(deliveryId: string, body: Record<string, unknown>, now: Date): Promise<SendOutcome> {
    const text = JSON.stringify(body);
    return postJson(this.url, text, webhookHeaders(this.secret, text, deliveryId, now), this.timeoutMs);
  }
}

export interface EmailEnvelope {
  to: string[];
  cc: string[];
}

export class EmailChannel {
  private readonly transport: Transporter;

  /** `smtpUrl`: smtp://user:pass@host:port (or smtps://); nodemailer upgrades to TLS when the server offers it. */
  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    const url = new URL(smtpUrl);
    const secure = url.protocol === 'smtps:';
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs * 3,
    });
  }

  async send(deliveryId: string, envelope: EmailEnvelope, content: EmailContent): Promise<SendOutcome> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: envelope.to,
        cc: envelope.cc,
        subject: content.subject,
        text: content.text,
        html: content.html,
        // The same id on every retry, so mail systems (and people) can spot a repeat.
        messageId: `<${deliveryId}@handoff>`,
        headers: { 'X-Handoff-Delivery': deliveryId },
      });
      return { ok: true };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // SMTP 5xx replies are permanent (unknown mailbox, rejected sender); 4xx and connection problems are not.
      const permanent = code !== undefined && code >= 500 && code < 600;
      return { ok: false, permanent, error: code !== undefined ? `SMTP ${code}: ${(error as Error).message}` : `SMTP: ${(error as Error).message}` };
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** The channels that have an endpoint configured; a channel the policy names without one is off. */
export interface AlertChannels {
  slack?: SlackChannel;
  email?: EmailChannel;
  webhook?: WebhookChannel;
}
