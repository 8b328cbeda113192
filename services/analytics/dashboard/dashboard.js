// Handoff analytics dashboard: plain browser JavaScript, no build step, nothing loaded from the network. Every number
// comes from the service's /api/* endpoints, which answer exactly what the gRPC API answers (proto3 JSON, so zero
// values are omitted: read them through num()).
'use strict';

const HOUR = 3600000;
const num = (x) => (typeof x === 'number' ? x : Number(x ?? 0) || 0);
const pct = (x) => `${(num(x) * 100).toFixed(1)}%`;
function seconds(s) {
  s = num(s);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
};
const SVG = 'http://www.w3.org/2000/svg';
const svgEl = (tag, attrs = {}, text) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
};
const REASON_LABELS = {
  explicit_request: 'Asked for a person', hard_category: 'Always-human category', sentiment_persistent: 'Negative sentiment',
  sentiment_drop: 'Sentiment drop', low_confidence: 'Low bot confidence', loop_question: 'Repeated question', loop_answer: 'Repeated answer',
  turn_limit: 'Too many turns', time_limit: 'Too long', segment_rule: 'Customer segment', combined_score: 'Several weak signals',
  offer_accepted: 'Accepted an offer', unclassified: 'Unclassified (defect)',
};
const label = (code) => REASON_LABELS[code] ?? code.replace(/_/g, ' ');

// ---- filters -------------------------------------------------------------------------------------------------------
const $ = (id) => document.getElementById(id);
const toLocalInput = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
function presetRange(preset) {
  const end = new Date(Math.ceil(Date.now() / HOUR) * HOUR);
  const days = { '24h': 1, '7d': 7, '30d': 30, '90d': 90 }[preset] ?? 7;
  return { from: new Date(end.getTime() - days * 24 * HOUR), to: end };
}
function currentFilters() {
  const from = new Date($('from').value);
  const to = new Date($('to').value);
  return { from, to, category: $('category').value, tier: $('tier').value };
}
function query(filters, extra = {}) {
  const q = new URLSearchParams({ from: filters.from.toISOString(), to: filters.to.toISOString(), ...extra });
  if (filters.category) q.set('category', filters.category);
  if (filters.tier) q.set('tier', filters.tier);
  return q.toString();
}
async function api(path, filters, extra) {
  const response = await fetch(`/api/${path}?${query(filters, extra)}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}
function setOptions(select, values, chosen) {
  const keep = chosen && !values.includes(chosen) ? [chosen] : [];
  select.replaceChildren(el('option', { value: '', text: 'All' }), ...[...values, ...keep].map((v) => el('option', { value: v, text: v.replace(/_/g, ' ') })));
  select.value = chosen ?? '';
}

// ---- panels --------------------------------------------------------------------------------------------------------
function kpi(key, title, value, sub, bad = false) {
  return el('div', { class: `kpi${bad ? ' bad' : ''}`, 'data-kpi': key }, el('dt', { text: title }), el('dd', {}, el('span', { class: 'v', text: value }), el('span', { class: 'sub', text: sub })));
}

function renderSummary(s) {
  const tta = s.timeToAgent ?? {};
  const reply = s.timeToFirstAgentReply ?? {};
  const flagged = num(s.flaggedYes) + num(s.flaggedNo) + num(s.flaggedUnsure);
  $('kpis').replaceChildren(
    kpi('conversations', 'Conversations', String(num(s.conversations)), 'started in the range'),
    kpi('handoffRate', 'Handoff rate', pct(s.handoffRate), `${num(s.handedOffConversations)} handed to a person`),
    kpi('handoffs', 'Handoffs', String(num(s.handoffs)), `${num(s.resolvedHandoffs)} resolved by a person`),
    kpi('timeToAgentP50', 'Time to agent (p50)', num(tta.count) ? seconds(tta.p50Seconds) : '–', num(tta.count) ? `p90 ${seconds(tta.p90Seconds)} · n=${num(tta.count)}` : 'no assignments'),
    kpi('firstReplyP50', 'First agent reply (p50)', num(reply.count) ? seconds(reply.p50Seconds) : '–', num(reply.count) ? `p90 ${seconds(reply.p90Seconds)}` : 'no replies yet'),
    kpi('abandonmentRate', 'Abandoned while waiting', pct(s.abandonmentRate), `${num(s.abandoned)} customers left`, num(s.abandoned) > 0),
    kpi('avoidableShare', 'Avoidable (agents say)', flagged ? pct(s.avoidableShare) : '–', `${flagged} flagged`),
    kpi('repeatContactRate', 'Repeat contact', pct(s.repeatContactRate), `within ${num(s.repeatContactWindowDays)} days, same category`),
    kpi('unclassified', 'Unclassified handoffs', String(num(s.unclassifiedHandoffs)), 'must be 0', num(s.unclassifiedHandoffs) > 0),
  );
  const defect = $('defect');
  defect.hidden = num(s.unclassifiedHandoffs) === 0;
  defect.textContent = `${num(s.unclassifiedHandoffs)} handoff(s) carry no reason code. Every escalation must have one: this is a defect in detection.`;

  $('tta-stats').textContent = num(tta.count)
    ? `p50 ${seconds(tta.p50Seconds)} · p90 ${seconds(tta.p90Seconds)} · p99 ${seconds(tta.p99Seconds)} · mean ${seconds(tta.meanSeconds)} · n=${num(tta.count)}`
    : 'No handoff was assigned to an agent in this range.';
  renderDistribution(s.timeToAgentDistribution ?? []);
  renderCsat(s);
  renderOffers(s);
  renderEta(s.etaAccuracy ?? []);
}

function barRow(name, share, valueText, cls = '', attrs = {}) {
  const fill = el('div', { class: `fill ${cls}` });
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return el('div', { class: 'row', ...attrs }, el('span', { class: 'name', text: name }), el('div', { class: 'track', 'aria-hidden': 'true' }, fill), el('span', { class: 'value', text: valueText }));
}

function renderReasons(r) {
  const list = r.reasons ?? [];
  const max = Math.max(1, ...list.map((x) => num(x.count)));
  $('reasons').replaceChildren(
    ...(list.length === 0
      ? [el('p', { class: 'empty', text: 'No handoffs in this range.' })]
      : list.map((x) => {
          const prev = num(x.previousPeriodCount);
          const trend = prev === num(x.count) ? '=' : num(x.count) > prev ? '▲' : '▼';
          return barRow(label(x.reason), num(x.count) / max, `${num(x.count)} ${trend} (${pct(x.share)})`, x.reason === 'unclassified' ? 'bad' : '', {
            'data-reason': x.reason,
            title: `${num(x.count)} in range, ${prev} in the period before`,
          });
        })),
  );
}

function renderCsat(s) {
  const groups = [
    ['handedOff', 'Handed off', s.csatHandedOff ?? {}, ''],
    ['aiOnly', 'AI only', s.csatAiOnly ?? {}, 'alt'],
  ];
  $('csat').replaceChildren(
    ...groups.map(([key, name, c, cls]) =>
      barRow(name, num(c.mean) / 5, num(c.responses) ? `${num(c.mean).toFixed(2)} / 5 (n=${num(c.responses)})` : 'no responses', cls, { 'data-csat': key }),
    ),
  );
  $('sentiment').textContent = num(s.sentimentPairs)
    ? `Customer sentiment ${num(s.sentimentAtHandoffMean).toFixed(2)} at handoff → ${num(s.sentimentAtCloseMean).toFixed(2)} at close; better in ${pct(s.sentimentImprovedShare)} of ${num(s.sentimentPairs)} closed handoffs.`
    : 'No closed handoff with sentiment yet.';
}

function renderAvoidable(a) {
  const list = a.byTrigger ?? [];
  $('avoidable').replaceChildren(
    ...(list.length === 0
      ? [el('p', { class: 'empty', text: 'No handoffs in this range.' })]
      : list.map((g) => {
          const flagged = num(g.flaggedYes) + num(g.flaggedNo) + num(g.flaggedUnsure);
          return barRow(label(g.key), num(g.avoidableShare), flagged ? `${pct(g.avoidableShare)} of ${flagged}` : 'not flagged', num(g.avoidableShare) >= 0.5 ? 'bad' : '', { 'data-trigger': g.key });
        })),
  );
}

function renderOffers(s) {
  const list = s.offersByTrigger ?? [];
  $('offers').replaceChildren(
    ...(list.length === 0
      ? [el('p', { class: 'empty', text: 'No soft offers in this range.' })]
      : list.map((o) =>
          barRow(label(o.trigger), num(o.acceptanceRate), `${pct(o.acceptanceRate)} of ${num(o.made)}`, '', {
            'data-offer-trigger': o.trigger,
            title: `${num(o.accepted)} accepted, ${num(o.declined)} declined, ${num(o.unanswered)} unanswered`,
          }),
        )),
  );
}

function renderLearning(l) {
  $('learn-note').textContent = `Categories agents resolve within ${seconds(l.quickResolutionSeconds)} most often, ranked by quick resolutions.`;
  const body = $('learning').tBodies[0];
  const list = l.opportunities ?? [];
  if (list.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: '7', class: 'empty', text: 'No quickly resolved handoffs in this range yet.' })));
    return;
  }
  body.replaceChildren(
    ...list.map((o) =>
      el(
        'tr',
        { 'data-category': o.category },
        el('td', { text: o.category.replace(/_/g, ' ') }),
        el('td', { class: 'num', text: String(num(o.handoffs)) }),
        el('td', { class: 'num', text: pct(o.handoffRate) }),
        el('td', { class: 'num', text: String(num(o.quickResolutions)) }),
        el('td', { class: 'num', text: seconds(o.handlingTime?.p50Seconds) }),
        el('td', { text: (o.topResolutionCodes ?? []).map((c) => `${c.code} (${num(c.count)})`).join(', ') || '–' }),
        el('td', {}, ...(o.examples ?? []).map((e) => el('div', {}, el('code', { text: e.conversationId }), document.createTextNode(` ${e.resolutionNote || e.resolutionCode || ''}`)))),
      ),
    ),
  );
}

function renderEta(list) {
  const body = $('eta').tBodies[0];
  if (list.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: '5', class: 'empty', text: 'No estimate was followed by an assignment in this range.' })));
    return;
  }
  body.replaceChildren(
    ...list.map((e) =>
      el(
        'tr',
        { 'data-queue': e.queueId },
        el('td', { text: e.queueId }),
        el('td', { class: 'num', text: String(num(e.samples)) }),
        el('td', { class: 'num', text: seconds(e.meanAbsoluteErrorSeconds) }),
        el('td', { class: 'num', text: `${num(e.meanSignedErrorSeconds) < 0 ? '−' : ''}${seconds(Math.abs(num(e.meanSignedErrorSeconds)))}` }),
        el('td', { class: 'num', text: pct(e.within30PercentShare) }),
      ),
    ),
  );
}

function renderDistribution(buckets) {
  const box = $('tta-chart');
  const used = buckets.map((b, i) => ({ ...b, i })).filter((b) => num(b.count) > 0);
  if (used.length === 0) return box.replaceChildren();
  const first = used[0].i;
  const last = used[used.length - 1].i;
  const shown = buckets.slice(first, last + 1);
  const width = 560, height = 180, pad = 28;
  const max = Math.max(...shown.map((b) => num(b.count)));
  const bw = (width - pad) / shown.length;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Time to agent distribution' });
  shown.forEach((b, k) => {
    const h = ((height - 2 * pad) * num(b.count)) / max;
    const x = pad + k * bw;
    const upper = num(b.upperBoundSeconds);
    const name = upper ? `≤ ${seconds(upper)}` : `> ${seconds(num(buckets[buckets.length - 2]?.upperBoundSeconds))}`;
    const bar = svgEl('rect', { x: x + 2, y: height - pad - h, width: Math.max(1, bw - 4), height: h, fill: '#0072b2' });
    bar.append(svgEl('title', {}, `${name}: ${num(b.count)}`));
    svg.append(bar);
    if (num(b.count) > 0) svg.append(svgEl('text', { x: x + bw / 2, y: height - pad - h - 4, 'text-anchor': 'middle' }, String(num(b.count))));
    svg.append(svgEl('text', { x: x + bw / 2, y: height - pad + 14, 'text-anchor': 'middle' }, name));
  });
  box.replaceChildren(svg);
}

function renderRate(series, bucket) {
  const box = $('rate-chart');
  const points = series.points ?? [];
  const width = 900, height = 220, padL = 44, padB = 30, padT = 12;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Handoff rate over time' });
  const withValue = points.filter((p) => p.hasValue);
  const max = Math.max(0.05, ...withValue.map((p) => num(p.value)));
  const x = (i) => padL + (points.length <= 1 ? 0 : (i * (width - padL - 10)) / (points.length - 1));
  const y = (v) => height - padB - ((height - padB - padT) * v) / max;
  for (const t of [0, max / 2, max]) {
    svg.append(svgEl('line', { x1: padL, x2: width - 10, y1: y(t), y2: y(t), stroke: '#d0d0d0' }));
    svg.append(svgEl('text', { x: padL - 6, y: y(t) + 4, 'text-anchor': 'end' }, pct(t)));
  }
  let path = '';
  points.forEach((p, i) => {
    if (!p.hasValue) return;
    path += `${path && points[i - 1]?.hasValue ? 'L' : 'M'}${x(i)},${y(num(p.value))}`;
    const dot = svgEl('circle', { cx: x(i), cy: y(num(p.value)), r: 3.5, fill: '#0072b2' });
    dot.append(svgEl('title', {}, `${new Date(p.start).toISOString().slice(0, bucket === 'BUCKET_HOUR' ? 13 : 10)}: ${pct(p.value)} of ${num(p.samples)}`));
    svg.append(dot);
  });
  if (path) svg.append(svgEl('path', { d: path, fill: 'none', stroke: '#0072b2', 'stroke-width': 2 }));
  const step = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, i) => {
    if (i % step === 0) svg.append(svgEl('text', { x: x(i), y: height - 10, 'text-anchor': 'middle' }, new Date(p.start).toISOString().slice(bucket === 'BUCKET_HOUR' ? 11 : 5, bucket === 'BUCKET_HOUR' ? 16 : 10)));
  });
  if (withValue.length === 0) svg.append(svgEl('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'No conversations in this range'));
  box.replaceChildren(svg);
}

// ---- loading -------------------------------------------------------------------------------------------------------
async function load() {
  const filters = currentFilters();
  if (Number.isNaN(filters.from.getTime()) || Number.isNaN(filters.to.getTime()) || filters.to <= filters.from) {
    $('status').textContent = 'Choose a range: "To" must be after "From".';
    return;
  }
  const span = filters.to - filters.from;
  const bucket = span <= 2 * 24 * HOUR ? 'BUCKET_HOUR' : span <= 120 * 24 * HOUR ? 'BUCKET_DAY' : 'BUCKET_WEEK';
  $('status').textContent = 'Loading…';
  history.replaceState(null, '', `?${query(filters)}`);
  try {
    const [summary, series, reasons, avoidable, learning, dims] = await Promise.all([
      api('summary', filters),
      api('timeseries', filters, { metric: 'METRIC_HANDOFF_RATE', bucket }),
      api('reasons', filters, { bucket }),
      api('avoidable', filters),
      api('learning', filters),
      fetch(`/api/dimensions?from=${encodeURIComponent(filters.from.toISOString())}&to=${encodeURIComponent(filters.to.toISOString())}`).then((r) => r.json()),
    ]);
    setOptions($('category'), dims.categories ?? [], filters.category);
    setOptions($('tier'), dims.tiers ?? [], filters.tier);
    renderSummary(summary);
    renderRate(series, bucket);
    renderReasons(reasons);
    renderAvoidable(avoidable);
    renderLearning(learning);
    document.body.dataset.loaded = 'true';
    $('status').textContent = `${filters.from.toISOString().slice(0, 16).replace('T', ' ')} → ${filters.to.toISOString().slice(0, 16).replace('T', ' ')} UTC · updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    $('status').textContent = `Could not load the numbers: ${error.message}`;
  }
}

function start() {
  const params = new URLSearchParams(location.search);
  const initial = params.get('from') && params.get('to') ? { from: new Date(params.get('from')), to: new Date(params.get('to')) } : presetRange('7d');
  if (params.get('from')) $('preset').value = 'custom';
  $('from').value = toLocalInput(initial.from);
  $('to').value = toLocalInput(initial.to);
  setOptions($('category'), [], params.get('category') ?? '');
  setOptions($('tier'), [], params.get('tier') ?? '');
  $('preset').addEventListener('change', () => {
    if ($('preset').value === 'custom') return;
    const r = presetRange($('preset').value);
    $('from').value = toLocalInput(r.from);
    $('to').value = toLocalInput(r.to);
    load();
  });
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  load();
}

document.addEventListener('DOMContentLoaded', start);
