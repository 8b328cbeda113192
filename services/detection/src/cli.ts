// Batch tools on the same code path as the service (no Kafka, no database):
//   npm run detection -- classify [messages.jsonl]            {"id","text"} lines in → classifier output lines out
//   npm run detection -- replay conversations.jsonl [--policy p.yaml] [--out decisions.jsonl]
//                              [--sweep triggers.x.y=from:to:step] [--compare other.yaml] [--json]
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { bundledPath, loadPolicyFile } from './adapters/policy-file';
import { differences, replayAll, reportOf, withSetting, type ConversationDecision, type ReplayReport } from './batch/replay';
import { parseReplayLine, type ReplayConversation } from './batch/replay-input';
import { REASON_CODES } from './batch/reason-codes';
import { loadMessageClassifier } from './domain/classifiers';

const USAGE = `usage:
  npm run detection -- classify [FILE]      JSONL {"id": "...", "text": "..."} from FILE or stdin
  npm run detection -- replay FILE [--policy POLICY.yaml] [--out DECISIONS.jsonl]
                                   [--sweep SETTING=FROM:TO:STEP] [--compare OTHER_POLICY.yaml] [--json]
Replay input: one conversation per line, documented in the README ("Replay and calibration").`;

async function* lines(file: string | undefined): AsyncGenerator<{ n: number; line: string }> {
  const input = file && file !== '-' ? createReadStream(file, 'utf8') : process.stdin;
  let n = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    n += 1;
    if (line.trim()) yield { n, line };
  }
}

async function classify(file: string | undefined): Promise<number> {
  const classifier = loadMessageClassifier(bundledPath('models'));
  let bad = 0;
  for await (const { n, line } of lines(file)) {
    let input: { id?: unknown; text?: unknown };
    try {
      input = JSON.parse(line);
    } catch {
      input = {};
    }
    if (typeof input.text !== 'string') {
      bad += 1;
      process.stderr.write(`line ${n}: expected {"id": "...", "text": "..."} with a string "text"\n`);
      continue;
    }
    const s = classifier.classify(input.text);
    process.stdout.write(
      `${JSON.stringify({ id: input.id ?? null, sentiment: { score: round(s.sentiment.score), label: s.sentiment.label }, category: s.category, categoryConfidence: round(s.categoryConfidence), humanRequest: s.humanRequest, humanRequestConfidence: round(s.humanRequestConfidence) })}\n`,
    );
  }
  return bad > 0 ? 1 : 0;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printReport(title: string, report: ReplayReport, out: (s: string) => void): void {
  out(`${title}: policy ${report.policyVersion}`);
  out(`  ${report.conversations} conversations, ${report.escalated} escalated (${pct(report.escalationRate)})`);
  out('  trigger                escalated   fired');
  for (const reason of REASON_CODES) {
    const r = report.byReason[reason];
    if (r.escalated || r.fired) out(`  ${reason.padEnd(22)} ${String(r.escalated).padStart(9)} ${String(r.fired).padStart(7)}`);
  }
  if (report.overall) {
    const o = report.overall;
    out(`  against ${o.labelled} labels: precision ${o.precision.toFixed(3)}, recall ${o.recall.toFixed(3)}, F1 ${o.f1.toFixed(3)}, false-positive rate ${pct(o.falsePositiveRate)}, false-negative rate ${pct(o.falseNegativeRate)}`);
    out('  per reason (label vs decided reason): precision  recall   FP rate  FN rate');
    for (const [reason, r] of Object.entries(report.perReason)) {
      out(`    ${reason.padEnd(22)} ${r.precision.toFixed(3).padStart(9)} ${r.recall.toFixed(3).padStart(7)} ${pct(r.falsePositiveRate).padStart(9)} ${pct(r.falseNegativeRate).padStart(8)}`);
    }
  }
}

function parseSweep(spec: string): { path: string; values: number[] } {
  const match = /^([\w.]+)=(-?[\d.]+):(-?[\d.]+):([\d.]+)$/.exec(spec);
  if (!match) throw new Error(`--sweep expects SETTING=FROM:TO:STEP, e.g. triggers.low_confidence.below=0.5:0.8:0.05 (got "${spec}")`);
  const [from, to, step] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (step <= 0 || to < from) throw new Error('--sweep needs FROM ≤ TO and STEP > 0');
  const values: number[] = [];
  for (let v = from; v <= to + step / 1000; v += step) values.push(Math.round(v * 1e6) / 1e6);
  return { path: match[1]!, values };
}

async function replay(file: string, options: { policy?: string; out?: string; sweep?: string; compare?: string; json?: boolean }): Promise<number> {
  const policy = loadPolicyFile(options.policy ?? bundledPath('policy', 'default.yaml'));
  const classifier = loadMessageClassifier(bundledPath('models'));
  const conversations: ReplayConversation[] = [];
  const problems: string[] = [];
  for await (const { n, line } of lines(file)) {
    try {
      conversations.push(parseReplayLine(line));
    } catch (error) {
      problems.push(`line ${n}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`${file}: ${problems.length} line(s) not understood:\n${problems.slice(0, 20).map((p) => `  ${p}`).join('\n')}\n`);
    if (conversations.length === 0) return 1;
  }
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const decisions = replayAll(policy, classifier, conversations);
  if (options.out) writeFileSync(options.out, decisions.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const report = reportOf(decisions);
  const result: Record<string, unknown> = { report };

  if (!options.json) printReport('replay', report, out);
  if (options.sweep) {
    const { path, values } = parseSweep(options.sweep);
    const rows = values.map((value) => ({ value, report: reportOf(replayAll(withSetting(policy, path, value), classifier, conversations)) }));
    result.sweep = { setting: path, rows };
    if (!options.json) {
      out(`\nsweep ${path}:`);
      out('     value  escalated   precision  recall     F1   FP rate');
      for (const { value, report: r } of rows) {
        const o = r.overall;
        out(`  ${String(value).padStart(8)} ${pct(r.escalationRate).padStart(10)} ${o ? `${o.precision.toFixed(3).padStart(11)} ${o.recall.toFixed(3).padStart(7)} ${o.f1.toFixed(3).padStart(6)} ${pct(o.falsePositiveRate).padStart(9)}` : '  (no labels)'}`);
      }
    }
  }
  if (options.compare) {
    const other = loadPolicyFile(options.compare);
    const otherDecisions: ConversationDecision[] = replayAll(other, classifier, conversations);
    const changed = differences(decisions, otherDecisions);
    result.compare = { policy: other.version, report: reportOf(otherDecisions), changed };
    if (!options.json) {
      out('');
      printReport(`compare`, reportOf(otherDecisions), out);
      out(`  ${changed.length} conversation(s) decided differently:`);
      for (const c of changed.slice(0, 50)) {
        out(`    ${c.conversation_id}: ${c.before.escalate ? `escalate (${c.before.reason})` : 'no handoff'} → ${c.after.escalate ? `escalate (${c.after.reason})` : 'no handoff'}`);
      }
    }
  }
  if (options.json) out(JSON.stringify(result, null, 2));
  return 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { policy: { type: 'string' }, out: { type: 'string' }, sweep: { type: 'string' }, compare: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'classify') return classify(positionals[0]);
  if (command === 'replay') {
    if (!positionals[0]) throw new Error('replay needs the conversations file (JSONL)');
    return replay(positionals[0], values);
  }
  throw new Error(`unknown command "${command}"`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  },
);
