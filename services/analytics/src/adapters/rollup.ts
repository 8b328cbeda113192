// Recomputes the cells of every dirty hour from its facts, then the day around it: a late or replayed event changes
// the facts, marks the hour, and the hour's numbers are rebuilt whole, never incremented twice.
import type { Logger } from '@handoff/logging';
import { buildCells, rollUpCells } from '../domain/cells';
import { assembleConversation, assembleHandoff, type Input } from '../domain/inputs';
import { measureHandoff, viewConversation, type ConversationView, type HandoffMeasures, type MeasureSettings } from '../domain/facts';
import { DAY_MS, dayOf, HOUR_MS } from '../domain/time';
import type { CellStore } from './cell-store';
import type { FactStore } from './fact-store';

export class Rollup {
  private running: Promise<number> | undefined;

  constructor(
    private readonly facts: FactStore,
    private readonly cells: CellStore,
    private readonly settings: MeasureSettings,
    private readonly logger: Logger,
  ) {}

  /** Recomputes dirty hours until none is left (or `maxHours`); returns how many were recomputed. Not re-entrant. */
  runOnce(maxHours = 500): Promise<number> {
    this.running ??= this.drain(maxHours).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Waits for a rollup in progress (graceful shutdown). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async drain(maxHours: number): Promise<number> {
    await this.cells.releaseStaleClaims(new Date(Date.now() - 5 * 60_000));
    let done = 0;
    while (done < maxHours) {
      const batch = await this.cells.dirtyHours(50);
      if (batch.length === 0) break;
      let progressed = false;
      for (const dirty of batch) {
        if (!(await this.cells.claim(dirty._id, new Date()))) continue;
        try {
          await this.recomputeHour(dirty.hour);
          await this.recomputeDay(dayOf(dirty.hour));
          await this.cells.clearDirty(dirty);
          done += 1;
          progressed = true;
        } finally {
          await this.cells.release(dirty._id);
        }
      }
      // Every dirty hour is being recomputed by another replica (or was marked again at once): try later.
      if (!progressed) break;
    }
    if (done > 0) this.logger.debug({ hours: done }, 'cells recomputed');
    return done;
  }

  async recomputeHour(hour: Date): Promise<void> {
    const end = new Date(hour.getTime() + HOUR_MS);
    // Conversations that may start in this hour, and the handoffs requested in it.
    const happened = await this.facts.happenedBetween(hour, end);
    const candidates = [...new Set(happened.map((i) => ('conversationId' in i ? i.conversationId : '')).filter(Boolean))];
    const requested = happened.filter((i): i is Extract<Input, { kind: 'request' }> => i.kind === 'request');
    const inputs = await this.facts.inputsOf(candidates, requested.map((r) => r.handoffId));
    const byConversation = groupInputs(inputs, (i) => ('conversationId' in i ? i.conversationId : undefined));
    const conversations = new Map(candidates.map((id) => [id, assembleConversation(id, byConversation.get(id) ?? [])]));
    const views = [...conversations.values()]
      .map(viewConversation)
      .filter((v): v is ConversationView => v !== undefined && v.startedAt >= hour && v.startedAt < end);

    // Repeat contact: the same customers' conversations in the window before.
    const customers = [...new Set(views.map((v) => v.customerId).filter((c): c is string => Boolean(c)))];
    const windowStart = new Date(hour.getTime() - this.settings.repeatContactDays * DAY_MS);
    const others = (await this.facts.conversationsOfCustomers(customers, windowStart, end)).filter((id) => !conversations.has(id));
    const otherInputs = groupInputs(await this.facts.inputsOf(others), (i) => ('conversationId' in i ? i.conversationId : undefined));
    const earlier = [...[...conversations.values()], ...others.map((id) => assembleConversation(id, otherInputs.get(id) ?? []))]
      .map(viewConversation)
      .filter((v): v is ConversationView => v !== undefined && Boolean(v.customerId));
    const byCustomer = new Map<string, ConversationView[]>();
    for (const e of earlier) byCustomer.set(e.customerId!, [...(byCustomer.get(e.customerId!) ?? []), e]);

    const byHandoff = groupInputs(inputs, (i) => ('handoffId' in i ? i.handoffId : undefined));
    const measures = requested
      .map((r) => measureHandoff(assembleHandoff(r.handoffId, byHandoff.get(r.handoffId) ?? []), conversations.get(r.conversationId), this.settings))
      .filter((m): m is HandoffMeasures => m !== undefined);

    const cells = buildCells(
      hour,
      views.map((view) => ({ view, earlier: view.customerId ? (byCustomer.get(view.customerId) ?? []) : [] })),
      measures,
      this.settings,
    );
    await this.cells.replaceCells('hour', hour, cells);
  }

  async recomputeDay(day: Date): Promise<void> {
    const hourly = await this.cells.cellsBetween('hour', day, new Date(day.getTime() + DAY_MS));
    await this.cells.replaceCells('day', day, rollUpCells(day, hourly));
  }
}

function groupInputs(inputs: Input[], key: (i: Input) => string | undefined): Map<string, Input[]> {
  const groups = new Map<string, Input[]>();
  for (const i of inputs) {
    const k = key(i);
    if (k) groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  return groups;
}
