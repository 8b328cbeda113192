// Account context providers (CRM, billing, tickets): an HTTP/JSON provider per URL, and the context service's own
// profile collection. Every call has a deadline and a circuit breaker, so a slow or failing provider yields a partial
// package, never a late or stuck handoff.
import { SourceStatus, type AccountContext, type CustomerProfile, type SourceReport } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import { describeError } from '@handoff/errors';
import type { Collection, Db, IndexPlan } from '@handoff/store';
import { CircuitBreaker, type BreakerSettings } from '../domain/circuit-breaker';

/** What a provider contributes; any part may be absent. */
export type AccountParts = Partial<Pick<AccountContext, 'crm' | 'openInvoices' | 'recentPayments' | 'previousTickets'>>;

export interface AccountProvider {
  readonly name: string;
  /** undefined when the provider has no record of the customer. */
  fetch(customer: CustomerProfile, signal: AbortSignal): Promise<AccountParts | undefined>;
}

/**
 * The documented JSON shape both providers read (snake_case, as an HTTP provider returns it and as
 * `npm run context -- import-profiles` loads it):
 *   {"crm": {"plan", "customer_since", "renewal_date", "contract_value": {"amount", "currency"}, "account_owner", "notes"},
 *    "open_invoices": [{"invoice_id", "amount": {...}, "due_date", "status"}],
 *    "recent_payments": [{"payment_id", "amount": {...}, "at", "status", "failure_reason"}],
 *    "previous_tickets": [{"ticket_id", "subject", "status", "created_at"}]}
 */
export interface AccountJson {
  crm?: { plan?: string; customer_since?: string; renewal_date?: string; contract_value?: MoneyJson; account_owner?: string; notes?: string };
  open_invoices?: Array<{ invoice_id?: string; amount?: MoneyJson; due_date?: string; status?: string }>;
  recent_payments?: Array<{ payment_id?: string; amount?: MoneyJson; at?: string; status?: string; failure_reason?: string }>;
  previous_tickets?: Array<{ ticket_id?: string; subject?: string; status?: string; created_at?: string }>;
}

interface MoneyJson {
  amount?: string | number;
  currency?: string;
}

const date = (s: string | undefined) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s) : undefined);
const money = (m: MoneyJson | undefined) => (m ? { amount: String(m.amount ?? ''), currency: m.currency ?? '' } : undefined);

export function partsFromJson(json: AccountJson): AccountParts {
  const parts: AccountParts = {};
  if (json.crm) {
    const c = json.crm;
    parts.crm = { plan: c.plan ?? '', customerSince: date(c.customer_since), renewalDate: date(c.renewal_date), contractValue: money(c.contract_value), accountOwner: c.account_owner ?? '', notes: c.notes ?? '' };
  }
  if (json.open_invoices) parts.openInvoices = json.open_invoices.map((i) => ({ invoiceId: i.invoice_id ?? '', amount: money(i.amount), dueDate: date(i.due_date), status: i.status ?? '' }));
  if (json.recent_payments) {
    parts.recentPayments = json.recent_payments.map((p) => ({ paymentId: p.payment_id ?? '', amount: money(p.amount), at: date(p.at), status: p.status ?? '', failureReason: p.failure_reason ?? '' }));
  }
  if (json.previous_tickets) parts.previousTickets = json.previous_tickets.map((t) => ({ ticketId: t.ticket_id ?? '', subject: t.subject ?? '', status: t.status ?? '', createdAt: date(t.created_at) }));
  return parts;
}

/** GET <url>?customer_id=…&account_id=…&email=… with an optional auth header; 404 means no record. */
export class HttpAccountProvider implements AccountProvider {
  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly authHeader?: { name: string; value: string },
  ) {}

  async fetch(customer: CustomerProfile, signal: AbortSignal): Promise<AccountParts | undefined> {
    const url = new URL(this.url);
    if (customer.customerId) url.searchParams.set('customer_id', customer.customerId);
    if (customer.accountId) url.searchParams.set('account_id', customer.accountId);
    if (customer.email) url.searchParams.set('email', customer.email);
    const response = await fetch(url, { signal, headers: { accept: 'application/json', ...(this.authHeader ? { [this.authHeader.name]: this.authHeader.value } : {}) } });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${url.origin}${url.pathname}`);
    return partsFromJson((await response.json()) as AccountJson);
  }
}

interface ProfileDocument extends AccountJson {
  _id: string;
  importedAt: Date;
}

export const profileIndexes: IndexPlan = { customer_profiles: [] };

/** Customer profiles kept in the context service's own database, loaded with `npm run context -- import-profiles`. */
export class ProfileStore implements AccountProvider {
  readonly name = 'profiles';
  private readonly collection: Collection<ProfileDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ProfileDocument>('customer_profiles');
  }

  async fetch(customer: CustomerProfile): Promise<AccountParts | undefined> {
    const id = customer.customerId || customer.accountId;
    if (!id) return undefined;
    const doc = await this.collection.findOne({ _id: id });
    return doc ? partsFromJson(doc) : undefined;
  }

  async upsert(customerId: string, profile: AccountJson, now: Date): Promise<void> {
    await this.collection.replaceOne({ _id: customerId }, { ...profile, importedAt: now }, { upsert: true });
  }
}

/** Calls every provider at once, each within the deadline and behind its circuit breaker. */
export class AccountContextGatherer {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly providers: AccountProvider[],
    private readonly deadlineMs: number,
    private readonly clock: Clock,
    private readonly breakerSettings?: BreakerSettings,
  ) {}

  get configured(): boolean {
    return this.providers.length > 0;
  }

  async gather(customer: CustomerProfile): Promise<AccountContext> {
    const results = await Promise.all(this.providers.map((p) => this.call(p, customer)));
    const account: AccountContext = { crm: undefined, openInvoices: [], recentPayments: [], previousTickets: [], sources: [] };
    for (const { report, parts } of results) {
      account.sources.push(report);
      if (!parts) continue;
      account.crm ??= parts.crm;
      account.openInvoices.push(...(parts.openInvoices ?? []));
      account.recentPayments.push(...(parts.recentPayments ?? []));
      account.previousTickets.push(...(parts.previousTickets ?? []));
    }
    return account;
  }

  private breaker(name: string): CircuitBreaker {
    let breaker = this.breakers.get(name);
    if (!breaker) this.breakers.set(name, (breaker = new CircuitBreaker(this.breakerSettings)));
    return breaker;
  }

  private async call(provider: AccountProvider, customer: CustomerProfile): Promise<{ report: SourceReport; parts: AccountParts | undefined }> {
    const breaker = this.breaker(provider.name);
    const started = this.clock.now();
    const report = (status: SourceStatus, error = ''): SourceReport => ({
      source: provider.name,
      status,
      latencyMs: Math.max(0, this.clock.now().getTime() - started.getTime()),
      error,
    });
    if (!breaker.allow(started)) return { report: report(SourceStatus.SOURCE_STATUS_CIRCUIT_OPEN), parts: undefined };
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.deadlineMs);
    });
    try {
      const outcome = await Promise.race([provider.fetch(customer, controller.signal), deadline]);
      if (outcome === 'timeout') {
        controller.abort();
        breaker.failed(this.clock.now());
        return { report: report(SourceStatus.SOURCE_STATUS_TIMEOUT, `no answer within ${this.deadlineMs} ms`), parts: undefined };
      }
      breaker.succeeded();
      return { report: report(outcome ? SourceStatus.SOURCE_STATUS_OK : SourceStatus.SOURCE_STATUS_NOT_FOUND), parts: outcome };
    } catch (error) {
      breaker.failed(this.clock.now());
      return { report: report(SourceStatus.SOURCE_STATUS_ERROR, describeError(error).slice(0, 300)), parts: undefined };
    } finally {
      clearTimeout(timer);
    }
  }
}
