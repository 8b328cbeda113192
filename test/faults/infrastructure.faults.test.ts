// Kafka and FerretDB stopped and restarted under steady traffic: every service reports not ready, then recovers by
// itself, and the invariant holds afterwards.
import { SERVICES } from '@handoff/testing';
import { planMix } from '../load/conversations';
import { FaultRig, faultInfra, sleep, waitForReadiness } from './harness';
import { describeReport } from './report';

const RATE = Number(process.env.FAULTS_RATE ?? 15);

describe.each([
  ['kafka', 'Kafka broker'],
  ['ferretdb', 'FerretDB'],
] as const)('%s stopped and restarted under steady traffic', (component, label) => {
  let rig: FaultRig;
  beforeAll(async () => {
    rig = await FaultRig.start(`down-${component}`);
  }, 180_000);
  afterAll(async () => {
    faultInfra('up', component);
    await rig?.stop();
  });

  it(`reports not ready while the ${label} is away, recovers without a manual step, and loses or duplicates nothing`, async () => {
    const plans = planMix(Number(process.env.FAULTS_CONVERSATIONS ?? 80), rig.prefix, component === 'kafka' ? 21 : 22);
    const notReadyAfter: Record<string, number> = {};
    const readyAgainAfter: Record<string, number> = {};
    await rig.play(plans, RATE, async () => {
      await sleep(5000);
      faultInfra('down', component);
      await Promise.all(SERVICES.map(async (s) => (notReadyAfter[s] = await waitForReadiness(rig.system, s, false, 60_000))));
      await sleep(5000);
      faultInfra('up', component);
      await Promise.all(SERVICES.map(async (s) => (readyAgainAfter[s] = await waitForReadiness(rig.system, s, true, 120_000))));
    });
    await rig.settle(plans, 180_000);
    const report = await rig.check(plans);
    process.stdout.write(
      describeReport(`${label} down ~5 s`, report) +
        `  not ready after (ms): ${JSON.stringify(notReadyAfter)}; ready again after restart (ms): ${JSON.stringify(readyAgainAfter)}\n`,
    );
    expect(Object.keys(notReadyAfter).sort()).toEqual([...SERVICES].sort());
    expect(Object.keys(readyAgainAfter).sort()).toEqual([...SERVICES].sort());
    expect(report.violations).toEqual([]);
    expect(report.deadLetters).toEqual([]);
  });
});
