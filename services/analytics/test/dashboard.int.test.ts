// The analytics service as a real process (the built bundle) on real Kafka and FerretDB: events in, the gRPC API, the
// dashboard in headless Chromium (numbers shown = numbers from the API), the live metrics on a Prometheus endpoint, and
// the report command. Leaves a screenshot in .test-results/analytics-dashboard.png.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AvoidableVerdict, GetSummaryResponse, type GetSummaryRequest } from '@handoff/contracts';
import { createLogger } from '@handoff/logging';
import { Messaging } from '@handoff/messaging';
import { HandoffSystem, REPO_ROOT, analyticsClient, freePort, infraEnv, unary, uniqueName, waitFor } from '@handoff/testing';
import { chromium, type BrowserContext } from 'playwright-core';
import { formatSeconds } from '../src/domain/report-text';
import { EXPECTED, scenario } from './scenario';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = path.join(REPO_ROOT, '.test-results');
const HOUR = 3_600_000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('analytics dashboard in a browser, against the running service', () => {
  const { kafkaBrokers, mongoUrl } = infraEnv();
  const namePrefix = uniqueName('dash');
  const base = new Date(Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR);
  const range = { start: new Date(base.getTime() - 2 * HOUR), end: new Date(base.getTime() + 2 * HOUR) };
  let system: HandoffSystem;
  let client: ReturnType<typeof analyticsClient>;
  let browser: BrowserContext;
  let prometheusPort: number;
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'handoff-chromium-'));
  const summary = (filters: GetSummaryRequest['filters'] = undefined) => unary<GetSummaryResponse>((done) => client.getSummary({ range, filters }, done));

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist/services/analytics/main.js'))) throw new Error('build first: node scripts/build.mjs (npm test does)');
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/test.sh does)`);
    prometheusPort = await freePort();
    system = await HandoffSystem.start({
      kafkaBrokers: kafkaBrokers.join(','),
      mongoUrl,
      namePrefix,
      logDir: path.join(REPO_ROOT, '.test-results/logs', namePrefix),
      services: ['analytics'],
      env: {
        ANALYTICS_ROLLUP_INTERVAL_MS: '300',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(prometheusPort),
      },
    });
    client = analyticsClient(system.grpcAddress('analytics'));

    const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'dashboard-test', topicPrefix: `${namePrefix}.`, logger: createLogger({ service: 'test', level: 'silent' }) });
    const publisher = await messaging.publisher();
    const { events, flags } = scenario(base);
    for (const e of events) await publisher.publish(e.topic, e.message);
    await messaging.disconnect();
    for (const f of flags) {
      const verdict = f.verdict === 'yes' ? AvoidableVerdict.AVOIDABLE_VERDICT_YES : AvoidableVerdict.AVOIDABLE_VERDICT_NO;
      await unary((done) => client.flagHandoff({ handoffId: f.handoffId, agentId: f.agentId, verdict, note: '' }, done));
    }
    await waitFor(async () => {
      const s = await summary();
      return (s.conversations === 5 && s.handoffs === 3 && s.flaggedYes + s.flaggedNo === 2 && s.csatAiOnly!.responses === 2 && s.sentimentPairs === 2 && s.offersMade === 2) || undefined;
    }, 'the seeded hour in the summary', 60000);

    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1700 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    client?.close();
    await system?.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('serves the measures of the seeded hour over gRPC', async () => {
    expect(await summary()).toMatchObject(EXPECTED);
  });

  it('shows the numbers the API gives, and filters by tier', async () => {
    const api = await summary();
    const page = await browser.newPage();
    const url = `http://127.0.0.1:${system.service('analytics').ports.dashboard}/?from=${range.start.toISOString()}&to=${range.end.toISOString()}`;
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 30000 });
    const kpi = (key: string) => page.locator(`[data-kpi="${key}"] .v`).innerText();

    expect(await kpi('conversations')).toBe(String(api.conversations));
    expect(await kpi('handoffRate')).toBe(pct(api.handoffRate));
    expect(await kpi('handoffs')).toBe(String(api.handoffs));
    expect(await kpi('timeToAgentP50')).toBe(formatSeconds(api.timeToAgent!.p50Seconds));
    expect(await kpi('firstReplyP50')).toBe(formatSeconds(api.timeToFirstAgentReply!.p50Seconds));
    expect(await kpi('abandonmentRate')).toBe(pct(api.abandonmentRate));
    expect(await kpi('avoidableShare')).toBe(pct(api.avoidableShare));
    expect(await kpi('repeatContactRate')).toBe(pct(api.repeatContactRate));
    expect(await kpi('unclassified')).toBe(String(api.unclassifiedHandoffs));
    expect(await page.locator('#defect').isVisible()).toBe(true);
    expect(await page.locator('[data-csat="handedOff"] .value').innerText()).toBe(`${api.csatHandedOff!.mean.toFixed(2)} / 5 (n=${api.csatHandedOff!.responses})`);
    expect(await page.locator('[data-csat="aiOnly"] .value').innerText()).toBe(`${api.csatAiOnly!.mean.toFixed(2)} / 5 (n=${api.csatAiOnly!.responses})`);

    const reasons = await unary<{ reasons: Array<{ reason: string; count: number }> }>((done) => client.getReasons({ range, bucket: 0 }, done));
    for (const r of reasons.reasons) expect(await page.locator(`[data-reason="${r.reason}"] .value`).innerText()).toMatch(new RegExp(`^${r.count} `));
    const avoidable = await unary<{ byTrigger: Array<{ key: string; avoidableShare: number; flaggedYes: number; flaggedNo: number; flaggedUnsure: number }> }>((done) => client.getAvoidable({ range }, done));
    for (const g of avoidable.byTrigger.filter((x) => x.flaggedYes + x.flaggedNo + x.flaggedUnsure > 0)) {
      expect(await page.locator(`[data-trigger="${g.key}"] .value`).innerText()).toBe(`${pct(g.avoidableShare)} of ${g.flaggedYes + g.flaggedNo + g.flaggedUnsure}`);
    }
    expect(api.offersByTrigger.map((o) => o.trigger)).toEqual(['low_confidence', 'sentiment_persistent']);
    for (const o of api.offersByTrigger) {
      const row = page.locator(`[data-offer-trigger="${o.trigger}"]`);
      expect(await row.locator('.value').innerText()).toBe(`${pct(o.acceptanceRate)} of ${o.made}`);
      expect(await row.getAttribute('title')).toBe(`${o.accepted} accepted, ${o.declined} declined, ${o.unanswered} unanswered`);
    }
    const learning = page.locator('#learning [data-category="billing_dispute"]');
    expect(await learning.innerText()).toContain('c1');
    expect(await learning.innerText()).toContain('refund_issued (1)');
    expect(await page.locator('#rate-chart circle').count()).toBeGreaterThan(0);
    expect(await page.locator('#tta-chart rect').count()).toBeGreaterThan(0);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'analytics-dashboard.png'), fullPage: true });

    await page.selectOption('#tier', 'vip');
    await page.click('button[type="submit"]');
    const vip = await summary({ tier: 'vip', category: '', trigger: 0 });
    await waitFor(async () => (await kpi('conversations')) === String(vip.conversations) || undefined, 'the vip numbers on the page', 15000);
    expect(await kpi('handoffs')).toBe(String(vip.handoffs));
    expect(failed).toEqual([]);
  });

  it('exports the live numbers as metrics a Prometheus server can scrape', async () => {
    const text = await waitFor(async () => {
      const body = await fetch(`http://127.0.0.1:${prometheusPort}/metrics`).then((r) => r.text());
      return /handoff_analytics_handoffs_total/.test(body) && /handoff_analytics_time_to_agent\w*_count/.test(body) ? body : undefined;
    }, 'analytics metrics on the Prometheus endpoint', 30000);
    const handoffs = [...text.matchAll(/^handoff_analytics_handoffs_total\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
    expect(handoffs).toBe(3);
    const waits = [...text.matchAll(/^handoff_analytics_time_to_agent\w*_count\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
    expect(waits).toBe(2);
  });

  it('prints the same summary with the report command', async () => {
    const args = ['services/analytics/src/cli.ts', 'report', '--from', range.start.toISOString(), '--to', range.end.toISOString(), '--address', system.grpcAddress('analytics')];
    const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
    const json = await promisify(execFile)(tsx, [...args, '--json'], { cwd: REPO_ROOT });
    expect(JSON.parse(json.stdout).summary).toEqual(GetSummaryResponse.toJSON(await summary()));
    const text = await promisify(execFile)(tsx, args, { cwd: REPO_ROOT });
    expect(text.stdout).toContain('handoff rate 60.0%');
    expect(text.stdout).toContain('Unclassified handoffs   1  ← DEFECT');
    expect(text.stdout).toMatch(/hard_category\s+1\s+33\.3%/);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    await system.stop();
    expect(system.exitCodes()).toEqual({ analytics: 0 });
  });
});
