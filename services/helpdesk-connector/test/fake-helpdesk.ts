// A local HTTP server on 127.0.0.1 standing in for Zendesk and a webhook receiver: records every request and answers
// as those services do, with failures scripted per handoff.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received. */
  raw: string;
  json: unknown;
  /** The handoff the request is about (Zendesk external_id, webhook handoff_id, or the ticket's handoff). */
  handoffId: string;
  status: number;
}

export interface ScriptedFailure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class FakeHelpdesk {
  readonly requests: RecordedRequest[] = [];
  /** Failures to answer, in order, before succeeding: keyed by "<zendesk|webhook>:<handoffId>:<create|update>". */
  readonly failures = new Map<string, ScriptedFailure[]>();
  private server: Server | undefined;
  private nextTicketId = 1000;
  private readonly ticketsByKey = new Map<string, number>();
  private readonly handoffByTicket = new Map<number, string>();

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          json = undefined;
        }
        const { status, body, headers, handoffId } = this.answer(req.method ?? '', req.url ?? '', req.headers, json);
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, json, handoffId, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((err) => (err ? reject(err) : resolve())));
  }

  of(handoffId: string, filter: { method?: string; pathPrefix?: string } = {}): RecordedRequest[] {
    return this.requests.filter((r) => r.handoffId === handoffId && (!filter.method || r.method === filter.method) && (!filter.pathPrefix || r.path.startsWith(filter.pathPrefix)));
  }

  private scripted(key: string): ScriptedFailure | undefined {
    return this.failures.get(key)?.shift();
  }

  private answer(method: string, path: string, headers: IncomingHttpHeaders, json: unknown): { status: number; body?: unknown; headers?: Record<string, string>; handoffId: string } {
    if (method === 'POST' && path === '/api/v2/tickets.json') {
      const handoffId = String((json as { ticket?: { external_id?: string } })?.ticket?.external_id ?? '');
      const failure = this.scripted(`zendesk:${handoffId}:create`);
      if (failure) return { status: failure.status, body: failure.body, headers: failure.headers, handoffId };
      // Zendesk's idempotency: the same Idempotency-Key returns the same ticket.
      const key = String(headers['idempotency-key'] ?? '');
      let id = this.ticketsByKey.get(key);
      const hit = id !== undefined;
      if (id === undefined) {
        id = this.nextTicketId++;
        if (key) this.ticketsByKey.set(key, id);
        this.handoffByTicket.set(id, handoffId);
      }
      return { status: 201, body: { ticket: { id, external_id: handoffId } }, headers: { 'x-idempotency-lookup': hit ? 'hit' : 'miss' }, handoffId };
    }
    const update = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(path);
    if (method === 'PUT' && update) {
      const handoffId = this.handoffByTicket.get(Number(update[1])) ?? '';
      if (!handoffId) return { status: 404, body: { error: 'RecordNotFound' }, handoffId };
      const failure = this.scripted(`zendesk:${handoffId}:update`);
      if (failure) return { status: failure.status, body: failure.body, headers: failure.headers, handoffId };
      return { status: 200, body: { ticket: { id: Number(update[1]) } }, handoffId };
    }
    if (method === 'POST' && path === '/hooks/handoff') {
      const payload = json as { handoff_id?: string; type?: string };
      const handoffId = payload?.handoff_id ?? '';
      const failure = this.scripted(`webhook:${handoffId}:${payload?.type === 'handoff.created' ? 'create' : 'update'}`);
      if (failure) return { status: failure.status, body: failure.body, headers: failure.headers, handoffId };
      return { status: payload?.type === 'handoff.created' ? 200 : 204, body: payload?.type === 'handoff.created' ? { ticket_id: `inbox-${handoffId}` } : undefined, handoffId };
    }
    return { status: 404, body: { error: 'no such route' }, handoffId: '' };
  }
}
