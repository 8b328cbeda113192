// Pre-aggregated measures: one cell per hour (or day) and per dimension (category, tier, and for handoffs the trigger).
// A cell is recomputed whole from the facts of its hour, so replays and late events can never count twice.
import { addDuration, emptyDurations, mergeDurations, type Durations } from './durations';
import { isRepeatContact, type ConversationView, type HandoffMeasures, type MeasureSettings } from './facts';

/** Soft offers of one trigger. */
export interface OfferCount {
  trigger: string;
  made: number;
  accepted: number;
  declined: number;
}

export interface ConversationStats {
  conversations: number;
  handedOff: number;
  /** Responses per score 1..5 (index 0 is score 1). */
  csatHandedOff: number[];
  csatAiOnly: number[];
  repeatEligible: number;
  repeatContacts: number;
  /** Per trigger, sorted by trigger. Absent in cells stored before offers were counted. */
  offers?: OfferCount[];
}

export interface EtaStats {
  queueId: string;
  samples: number;
  absErrorSum: number;
  signedErrorSum: number;
  within30: number;
}

export interface LearningExampleData {
  handoffId: string;
  conversationId: string;
  resolutionCode: string;
  resolutionNote: string;
  handlingSeconds: number;
  trigger: string;
}

export interface HandoffStats {
  handoffs: number;
  unclassified: number;
  timeToAgent: Durations;
  firstAgentReply: Durations;
  resolution: Durations;
  handling: Durations;
  abandoned: number;
  abandonedWait: Durations;
  asyncTickets: number;
  resolved: number;
  quickResolutions: number;
  sentimentPairs: number;
  sentimentAtHandoffSum: number;
  sentimentAtCloseSum: number;
  sentimentImproved: number;
  flaggedYes: number;
  flaggedNo: number;
  flaggedUnsure: number;
  eta: EtaStats[];
  resolutionCodes: Array<{ code: string; count: number }>;
  /** The quickest resolutions, as examples of what agents did. */
  examples: LearningExampleData[];
}

export interface CellKey {
  category: string;
  tier: string;
}

export type Cell =
  | ({ kind: 'conversation'; start: Date } & CellKey & { stats: ConversationStats })
  | ({ kind: 'handoff'; start: Date; trigger: string } & CellKey & { stats: HandoffStats });
export type ConversationCell = Extract<Cell, { kind: 'conversation' }>;
export type HandoffCell = Extract<Cell, { kind: 'handoff' }>;

export const MAX_EXAMPLES_PER_CELL = 20;
const NOTE_LIMIT = 400;

export const emptyConversationStats = (): ConversationStats => ({
  conversations: 0,
  handedOff: 0,
  csatHandedOff: [0, 0, 0, 0, 0],
  csatAiOnly: [0, 0, 0, 0, 0],
  repeatEligible: 0,
  repeatContacts: 0,
  offers: [],
});

/** Offer counts summed per trigger, sorted by trigger. */
export function mergeOfferCounts(parts: OfferCount[][]): OfferCount[] {
  const byTrigger = new Map<string, OfferCount>();
  for (const o of parts.flat()) {
    const prev = byTrigger.get(o.trigger) ?? { trigger: o.trigger, made: 0, accepted: 0, declined: 0 };
    byTrigger.set(o.trigger, { trigger: o.trigger, made: prev.made + o.made, accepted: prev.accepted + o.accepted, declined: prev.declined + o.declined });
  }
  return [...byTrigger.values()].sort((a, b) => a.trigger.localeCompare(b.trigger));
}

export const emptyHandoffStats = (): HandoffStats => ({
  handoffs: 0,
  unclassified: 0,
  timeToAgent: emptyDurations(),
  firstAgentReply: emptyDurations(),
  resolution: emptyDurations(),
  handling: emptyDurations(),
  abandoned: 0,
  abandonedWait: emptyDurations(),
  asyncTickets: 0,
  resolved: 0,
  quickResolutions: 0,
  sentimentPairs: 0,
  sentimentAtHandoffSum: 0,
  sentimentAtCloseSum: 0,
  sentimentImproved: 0,
  flaggedYes: 0,
  flaggedNo: 0,
  flaggedUnsure: 0,
  eta: [],
  resolutionCodes: [],
  examples: [],
});

function addCsat(counts: number[], csat: number | undefined): number[] {
  if (csat === undefined || !Number.isInteger(csat) || csat < 1 || csat > 5) return counts;
  return counts.map((n, i) => (i === csat - 1 ? n + 1 : n));
}

export function addConversation(stats: ConversationStats, view: ConversationView, repeat: boolean): ConversationStats {
  const csat = view.ending?.csat;
  return {
    conversations: stats.conversations + 1,
    handedOff: stats.handedOff + (view.handedOff ? 1 : 0),
    csatHandedOff: view.handedOff ? addCsat(stats.csatHandedOff, csat) : stats.csatHandedOff,
    csatAiOnly: view.handedOff ? stats.csatAiOnly : addCsat(stats.csatAiOnly, csat),
    repeatEligible: stats.repeatEligible + (view.customerId ? 1 : 0),
    repeatContacts: stats.repeatContacts + (repeat ? 1 : 0),
    offers: mergeOfferCounts([
      stats.offers ?? [],
      view.offers.map((o) => ({ trigger: o.trigger, made: 1, accepted: o.answer === 'accepted' ? 1 : 0, declined: o.answer === 'declined' ? 1 : 0 })),
    ]),
  };
}

const byExampleOrder = (a: LearningExampleData, b: LearningExampleData) => a.handlingSeconds - b.handlingSeconds || a.handoffId.localeCompare(b.handoffId);

export function addHandoff(stats: HandoffStats, m: HandoffMeasures): HandoffStats {
  const add = (d: Durations, x: number | undefined) => (x === undefined ? d : addDuration(d, x));
  const paired = m.sentimentAtClose !== undefined;
  const eta = [...stats.eta];
  if (m.eta) {
    const i = eta.findIndex((e) => e.queueId === m.eta!.queueId);
    const prev = i >= 0 ? eta[i]! : { queueId: m.eta.queueId, samples: 0, absErrorSum: 0, signedErrorSum: 0, within30: 0 };
    const error = m.eta.actualSeconds - m.eta.estimateSeconds;
    const next = {
      ...prev,
      samples: prev.samples + 1,
      absErrorSum: prev.absErrorSum + Math.abs(error),
      signedErrorSum: prev.signedErrorSum + error,
      within30: prev.within30 + (Math.abs(error) <= 0.3 * m.eta.actualSeconds ? 1 : 0),
    };
    if (i >= 0) eta[i] = next;
    else eta.push(next);
  }
  const codes = [...stats.resolutionCodes];
  if (m.resolvedByHuman && m.resolutionCode) {
    const i = codes.findIndex((c) => c.code === m.resolutionCode);
    if (i >= 0) codes[i] = { code: m.resolutionCode, count: codes[i]!.count + 1 };
    else codes.push({ code: m.resolutionCode, count: 1 });
  }
  const examples =
    m.quickResolution && m.handling !== undefined
      ? [
          ...stats.examples,
          {
            handoffId: m.handoffId,
            conversationId: m.conversationId,
            resolutionCode: m.resolutionCode,
            resolutionNote: m.resolutionNote.slice(0, NOTE_LIMIT),
            handlingSeconds: m.handling,
            trigger: m.reason,
          },
        ]
          .sort(byExampleOrder)
          .slice(0, MAX_EXAMPLES_PER_CELL)
      : stats.examples;
  return {
    handoffs: stats.handoffs + 1,
    unclassified: stats.unclassified + (m.reason === 'unclassified' ? 1 : 0),
    timeToAgent: add(stats.timeToAgent, m.timeToAgent),
    firstAgentReply: add(stats.firstAgentReply, m.firstAgentReply),
    resolution: add(stats.resolution, m.resolution),
    handling: add(stats.handling, m.handling),
    abandoned: stats.abandoned + (m.abandoned ? 1 : 0),
    abandonedWait: add(stats.abandonedWait, m.abandonedWait),
    asyncTickets: stats.asyncTickets + (m.asyncTicket ? 1 : 0),
    resolved: stats.resolved + (m.resolvedByHuman ? 1 : 0),
    quickResolutions: stats.quickResolutions + (m.quickResolution ? 1 : 0),
    sentimentPairs: stats.sentimentPairs + (paired ? 1 : 0),
    sentimentAtHandoffSum: stats.sentimentAtHandoffSum + (paired ? m.sentimentAtHandoff : 0),
    sentimentAtCloseSum: stats.sentimentAtCloseSum + (paired ? m.sentimentAtClose! : 0),
    sentimentImproved: stats.sentimentImproved + (paired && m.sentimentAtClose! > m.sentimentAtHandoff ? 1 : 0),
    flaggedYes: stats.flaggedYes + (m.verdict === 'yes' ? 1 : 0),
    flaggedNo: stats.flaggedNo + (m.verdict === 'no' ? 1 : 0),
    flaggedUnsure: stats.flaggedUnsure + (m.verdict === 'unsure' ? 1 : 0),
    eta,
    resolutionCodes: codes,
    examples,
  };
}

export function mergeConversationStats(parts: ConversationStats[]): ConversationStats {
  const sumArrays = (key: 'csatHandedOff' | 'csatAiOnly') => [0, 1, 2, 3, 4].map((i) => parts.reduce((s, p) => s + (p[key][i] ?? 0), 0));
  const sum = (key: 'conversations' | 'handedOff' | 'repeatEligible' | 'repeatContacts') => parts.reduce((s, p) => s + p[key], 0);
  return {
    conversations: sum('conversations'),
    handedOff: sum('handedOff'),
    csatHandedOff: sumArrays('csatHandedOff'),
    csatAiOnly: sumArrays('csatAiOnly'),
    repeatEligible: sum('repeatEligible'),
    repeatContacts: sum('repeatContacts'),
    offers: mergeOfferCounts(parts.map((p) => p.offers ?? [])),
  };
}

type Counter = Exclude<keyof HandoffStats, 'timeToAgent' | 'firstAgentReply' | 'resolution' | 'handling' | 'abandonedWait' | 'eta' | 'resolutionCodes' | 'examples'>;
const COUNTERS: Counter[] = [
  'handoffs', 'unclassified', 'abandoned', 'asyncTickets', 'resolved', 'quickResolutions', 'sentimentPairs', 'sentimentAtHandoffSum',
  'sentimentAtCloseSum', 'sentimentImproved', 'flaggedYes', 'flaggedNo', 'flaggedUnsure',
];

/** Merges handoff stats; `valuesCap` decides how many exact duration samples survive (reports keep them all). */
export function mergeHandoffStats(parts: HandoffStats[], valuesCap?: number, examplesCap = MAX_EXAMPLES_PER_CELL): HandoffStats {
  const merged = emptyHandoffStats();
  for (const key of COUNTERS) merged[key] = parts.reduce((s, p) => s + p[key], 0);
  for (const key of ['timeToAgent', 'firstAgentReply', 'resolution', 'handling', 'abandonedWait'] as const) {
    merged[key] = mergeDurations(parts.map((p) => p[key]), valuesCap);
  }
  const eta = new Map<string, EtaStats>();
  const codes = new Map<string, number>();
  for (const p of parts) {
    for (const e of p.eta) {
      const prev = eta.get(e.queueId);
      eta.set(e.queueId, prev ? { queueId: e.queueId, samples: prev.samples + e.samples, absErrorSum: prev.absErrorSum + e.absErrorSum, signedErrorSum: prev.signedErrorSum + e.signedErrorSum, within30: prev.within30 + e.within30 } : { ...e });
    }
    for (const c of p.resolutionCodes) codes.set(c.code, (codes.get(c.code) ?? 0) + c.count);
  }
  merged.eta = [...eta.values()].sort((a, b) => a.queueId.localeCompare(b.queueId));
  merged.resolutionCodes = [...codes].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  merged.examples = parts.flatMap((p) => p.examples).sort(byExampleOrder).slice(0, examplesCap);
  return merged;
}

const keyOf = (...parts: string[]) => parts.join('\u001f');

/** The cells of one hour (or any period starting at `start`) from its conversations and handoffs. */
export function buildCells(
  start: Date,
  conversations: Array<{ view: ConversationView; earlier: ConversationView[] }>,
  handoffs: HandoffMeasures[],
  settings: MeasureSettings,
): Cell[] {
  const conversationCells = new Map<string, ConversationCell>();
  for (const { view, earlier } of conversations) {
    const k = keyOf(view.category, view.tier);
    const cell = conversationCells.get(k) ?? { kind: 'conversation' as const, start, category: view.category, tier: view.tier, stats: emptyConversationStats() };
    cell.stats = addConversation(cell.stats, view, isRepeatContact(view, earlier, settings));
    conversationCells.set(k, cell);
  }
  const handoffCells = new Map<string, HandoffCell>();
  for (const m of handoffs) {
    const k = keyOf(m.category, m.tier, m.reason);
    const cell = handoffCells.get(k) ?? { kind: 'handoff' as const, start, category: m.category, tier: m.tier, trigger: m.reason, stats: emptyHandoffStats() };
    cell.stats = addHandoff(cell.stats, m);
    handoffCells.set(k, cell);
  }
  return [...conversationCells.values(), ...handoffCells.values()];
}

/** Rolls cells up to a coarser period (hours → a day), keeping the dimensions. */
export function rollUpCells(start: Date, cells: Cell[]): Cell[] {
  const groups = new Map<string, Cell[]>();
  for (const c of cells) {
    const k = c.kind === 'conversation' ? keyOf('c', c.category, c.tier) : keyOf('h', c.category, c.tier, c.trigger);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    if (first.kind === 'conversation') {
      return { ...first, start, stats: mergeConversationStats((group as ConversationCell[]).map((c) => c.stats)) };
    }
    return { ...first, start, stats: mergeHandoffStats((group as HandoffCell[]).map((c) => c.stats)) };
  });
}

/** Stable id of a stored cell. */
export function cellId(granularity: 'hour' | 'day', cell: Cell): string {
  const dims = cell.kind === 'conversation' ? [cell.category, cell.tier] : [cell.category, cell.tier, cell.trigger];
  return [granularity, cell.start.toISOString(), cell.kind, ...dims].join('|');
}
