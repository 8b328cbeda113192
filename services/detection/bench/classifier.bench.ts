// npm run bench: model load time, classify() throughput on one core (this process is single-threaded), and RSS.

import os from 'node:os';
import { loadMessageClassifier } from '../src/domain/classifiers';
import { loadAll } from '../tools/data';

function main(): void {
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const classifier = loadMessageClassifier();
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssAfter = process.memoryUsage().rss;

  // Realistic messages: the held-out support utterances (bitext, banking77, clinc150) and some Reddit comments.
  const all = loadAll().filter((r) => r.split === 'test');
  const support = all.filter((r) => r.source !== 'goemotions').map((r) => r.text);
  const reddit = all.filter((r) => r.source === 'goemotions').map((r) => r.text);
  const messages = [...support.slice(0, 4000), ...reddit.slice(0, 1000)];

  for (const m of messages.slice(0, 1000)) classifier.classify(m); // warm-up (JIT)
  const rounds = 3;
  let sink = 0;
  const t1 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const m of messages) sink += classifier.classify(m).sentiment.score;
  const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
  const n = rounds * messages.length;
  const avgLength = messages.reduce((a, m) => a + m.length, 0) / messages.length;

  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`messages: ${messages.length} (avg ${avgLength.toFixed(0)} chars), ${rounds} rounds, one thread`);
  console.log(`model load: ${loadMs.toFixed(1)} ms`);
  console.log(`RSS after load: ${(rssAfter / 2 ** 20).toFixed(1)} MiB (models added ${((rssAfter - rssBefore) / 2 ** 20).toFixed(1)} MiB)`);
  console.log(`classify (sentiment + category + human request): ${(n / seconds).toFixed(0)} messages/s, ${((seconds / n) * 1e6).toFixed(1)} µs/message`);
  if (Number.isNaN(sink)) console.log('unreachable');
}

main();
