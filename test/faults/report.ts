// One readable paragraph per fault scenario, printed by the suite (and quoted in BENCHMARKS.md).
import type { InvariantReport } from './invariants';

export function describeReport(scenario: string, report: InvariantReport): string {
  const redelivered = Object.entries(report.redeliveries)
    .filter(([, n]) => n > 0)
    .map(([topic, n]) => `${topic} ${n}`)
    .join(', ');
  const loads = Object.values(report.maxAgentLoad);
  return (
    `\n[faults] ${scenario}: ${report.conversations} conversations, ${report.escalations} should escalate, ${report.handoffs} handoffs; ` +
    `violations ${report.violations.length}; dead letters ${report.deadLetters.length}; ` +
    `redelivered (same ids) ${redelivered || 'none'}; highest agent load ${loads.length ? Math.max(...loads) : 0}\n` +
    report.violations.slice(0, 20).map((v) => `  ✗ ${v}\n`).join('')
  );
}
