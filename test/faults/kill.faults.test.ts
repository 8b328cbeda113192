// kill -9 of each service in turn under steady traffic, then a restart: nothing lost, nothing duplicated.
import { SERVICES } from '@handoff/testing';
import { planMix } from '../load/conversations';
import { FaultRig, sleep } from './harness';
import { describeReport } from './report';

const RATE = Number(process.env.FAULTS_RATE ?? 20);
/** Which services to kill, in order (default: every service). */
const VICTIMS = (process.env.FAULTS_KILL?.split(',') ?? SERVICES) as Array<(typeof SERVICES)[number]>;

describe('kill -9 of each service in turn, then restart, under steady traffic', () => {
  let rig: FaultRig;
  beforeAll(async () => {
    rig = await FaultRig.start('kill');
  }, 180_000);
  afterAll(async () => rig?.stop());

  it('ends every escalating conversation with exactly one handoff, outcome and transition message, and nothing else', async () => {
    const plans = planMix(Number(process.env.FAULTS_CONVERSATIONS ?? 120), rig.prefix, 7);
    const killed: string[] = [];
    await rig.play(plans, RATE, async () => {
      for (const victim of VICTIMS) {
        await sleep(3000);
        await rig.system.kill(victim);
        killed.push(victim);
        await sleep(500);
        await rig.system.restart(victim);
      }
    });
    await rig.settle(plans);
    const report = await rig.check(plans);
    process.stdout.write(describeReport(`kill -9 ${killed.join(', ')}`, report));
    expect(killed).toEqual(VICTIMS);
    expect(report.violations).toEqual([]);
    expect(report.deadLetters).toEqual([]);
  });
});
