// The report command: the dashboard's summary as text or JSON, from a running analytics service over gRPC.
//   npm run analytics -- report [--from ISO] [--to ISO] [--category ID] [--tier NAME] [--trigger CODE] [--json]
//                               [--address HOST:PORT]     (default $ANALYTICS_GRPC_ADDRESS or 127.0.0.1:50055)
// --from/--to default to the last 7 days; a date alone (2026-11-01) means midnight UTC.
import { Metadata, credentials, type ServiceError } from '@grpc/grpc-js';
import { AnalyticsServiceClient, GetReasonsResponse, GetSummaryResponse, type Filters, type TimeRange } from '@handoff/contracts';
import { reasonFromCode } from './domain/reasons';
import { formatSummary } from './domain/report-text';

const USAGE = 'usage: npm run analytics -- report [--from ISO] [--to ISO] [--category ID] [--tier NAME] [--trigger CODE] [--json] [--address HOST:PORT]';

function parse(argv: string[]): Record<string, string | true> {
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const name = arg.slice(2);
    if (name === 'json') options.json = true;
    else if (['from', 'to', 'category', 'tier', 'trigger', 'address'].includes(name) && argv[i + 1] !== undefined) options[name] = argv[++i]!;
    else throw new Error(`unknown or incomplete option "${arg}"\n${USAGE}`);
  }
  return options;
}

function time(value: string | true | undefined, fallback: Date, name: string): Date {
  if (value === undefined) return fallback;
  const d = new Date(String(value));
  if (Number.isNaN(d.getTime())) throw new Error(`--${name} "${String(value)}" is not a date or time (e.g. 2026-11-01 or 2026-11-01T09:00:00Z)`);
  return d;
}

const call = <Res>(invoke: (done: (error: ServiceError | null, response: Res) => void) => unknown): Promise<Res> =>
  new Promise((resolve, reject) => invoke((error, response) => (error ? reject(new Error(error.details || error.message)) : resolve(response))));

async function report(argv: string[]): Promise<number> {
  const o = parse(argv);
  const end = time(o.to, new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000), 'to');
  const start = time(o.from, new Date(end.getTime() - 7 * 86_400_000), 'from');
  const trigger = typeof o.trigger === 'string' ? reasonFromCode(o.trigger) : undefined;
  if (typeof o.trigger === 'string' && trigger === undefined) throw new Error(`--trigger "${o.trigger}" is not a reason code (e.g. hard_category, explicit_request)`);
  const range: TimeRange = { start, end };
  const filters: Filters = { category: typeof o.category === 'string' ? o.category : '', tier: typeof o.tier === 'string' ? o.tier : '', trigger: trigger ?? 0 };
  const address = typeof o.address === 'string' ? o.address : (process.env.ANALYTICS_GRPC_ADDRESS ?? '127.0.0.1:50055');
  const client = new AnalyticsServiceClient(address, credentials.createInsecure());
  try {
    const summary = await call<GetSummaryResponse>((done) => client.getSummary({ range, filters }, new Metadata(), { deadline: Date.now() + 15000 }, done));
    const reasons = await call<GetReasonsResponse>((done) => client.getReasons({ range, filters, bucket: 0 }, new Metadata(), { deadline: Date.now() + 15000 }, done));
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ summary: GetSummaryResponse.toJSON(summary), reasons: GetReasonsResponse.toJSON(reasons) }, null, 2)}\n`);
    } else {
      const shown = { category: filters.category, tier: filters.tier, trigger: typeof o.trigger === 'string' ? o.trigger : '' };
      process.stdout.write(formatSummary(summary, shown));
      process.stdout.write(`Reasons (${reasons.total} handoffs; count, share, previous period)\n`);
      for (const r of reasons.reasons) process.stdout.write(`  ${r.reason.padEnd(22)} ${String(r.count).padStart(6)}  ${(r.share * 100).toFixed(1).padStart(5)}%  (before: ${r.previousPeriodCount})\n`);
    }
    return 0;
  } finally {
    client.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'report') {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
report(rest).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
