// The notification service as a real process, restarted while a customer waits: queue updates carry on where they
// stopped (none lost, none repeated), an alert asked for while it was down goes out once, and updates stop when an
// agent joins.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutboundKind, RoutingStatus, RoutingUpdate } from '@handoff/contracts';
import { deterministicId } from '@handoff/core';
import { Messaging, Topics, type EventPublisher } from '@handoff/messaging';
import { HandoffSystem, REPO_ROOT, TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { HttpReceiver } from './local-receivers';

const namePrefix = uniqueName('notify-restart');
const { kafkaBrokers, mongoUrl } = infraEnv();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const update = (handoffId: string, sequence: number, status: RoutingStatus, extra: Partial<RoutingUpdate> = {}) =>
  RoutingUpdate.fromPartial({
    updateId: `${handoffId}-${sequence}`,
    handoffId,
    conversationId: `conv-${handoffId}`,
    sequence,
    status,
    team: 'Billing',
    queueId: 'billing',
    queuePosition: 2,
    at: new Date(),
    category: 'refund',
    customerTier: 'standard',
    language: 'en',
    ...extra,
  });

describe('notification restarted while a customer waits', () => {
  let system: HandoffSystem;
  let publisher: EventPublisher;
  const webhook = new HttpReceiver();
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'restart-int', topicPrefix: `${namePrefix}.`, logger: testLogger() });
  const recorder = new TopicRecorder(messaging, 'recorder').record(Topics.conversationOutbound);
  const outbound = (handoffId: string, kind: OutboundKind) => recorder.of(Topics.conversationOutbound).filter((r) => r.event.handoffId === handoffId && r.event.kind === kind);
  const queueUpdateIds = (handoffId: string) => outbound(handoffId, OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE).map((r) => r.event.messageId);
  const expectedIds = (handoffId: string, count: number) => Array.from({ length: count }, (_, i) => deterministicId('om', handoffId, `queue-update:${i + 1}`));

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), 'notification'], { stdio: 'ignore' });
    const webhookUrl = await webhook.start();
    await messaging.ensureTopics({ partitions: 3, replicationFactor: 1 });
    publisher = await messaging.publisher();
    await recorder.start();
    system = await HandoffSystem.start({
      kafkaBrokers: kafkaBrokers.join(','),
      mongoUrl,
      namePrefix,
      logDir: path.join(os.tmpdir(), namePrefix),
      services: ['notification'],
      env: { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'info' },
      serviceEnv: {
        notification: {
          // Fast on purpose: a check every 2 s, and every check finds the customer has waited long enough to reassure.
          NOTIFICATION_QUEUE_UPDATE_SECONDS: '2',
          NOTIFICATION_REASSURE_AFTER_SECONDS: '1',
          NOTIFICATION_ALTERNATIVES_AFTER_SECONDS: '3600',
          NOTIFICATION_POLL_MS: '100',
          NOTIFICATION_WEBHOOK_URL: webhookUrl,
          NOTIFICATION_WEBHOOK_SECRET: 'restart-test-webhook-secret',
        },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await recorder.stop();
    await messaging.disconnect();
    await webhook.stop();
  });

  it('loses and repeats no queue update across a restart, sends an alert asked for while it was down, and stops when an agent joins', async () => {
    await publisher.publish(Topics.handoffRouting, update('ho-wait', 1, RoutingStatus.ROUTING_STATUS_QUEUED));
    await waitFor(() => outbound('ho-wait', OutboundKind.OUTBOUND_KIND_TRANSITION)[0], 'the transition message');
    await waitFor(() => (queueUpdateIds('ho-wait').length >= 2 ? true : undefined), 'two queue updates before the restart');

    await system.stop();
    // While it is down: a wait long enough for checks to fall due, and an offer to an agent.
    await publisher.publish(Topics.handoffRouting, update('ho-offer', 1, RoutingStatus.ROUTING_STATUS_OFFERED, { agent: { agentId: 'sam', displayName: 'Sam Okafor' } }));
    await sleep(3000);
    // Counted after the pause: updates published just before the stop may reach the recorder late.
    const beforeRestart = queueUpdateIds('ho-wait').length;
    await system.restart('notification');

    await waitFor(() => (queueUpdateIds('ho-wait').length >= beforeRestart + 2 ? true : undefined), 'two queue updates after the restart');
    const alert = await waitFor(() => webhook.requests.find((r) => r.body.includes('ho-offer')), 'the alert asked for while it was down');
    expect(JSON.parse(alert.body)).toMatchObject({ type: 'handoff.agent_alert', handoff_id: 'ho-offer', agent: { id: 'sam' } });

    await publisher.publish(Topics.handoffRouting, update('ho-wait', 2, RoutingStatus.ROUTING_STATUS_ASSIGNED, { agent: { agentId: 'maria', displayName: 'Maria Lopez' } }));
    await waitFor(() => outbound('ho-wait', OutboundKind.OUTBOUND_KIND_AGENT_JOINED)[0], 'the agent-joined message');
    const atJoin = queueUpdateIds('ho-wait').length;
    await sleep(4500); // more than two check intervals
    const ids = queueUpdateIds('ho-wait');
    // At most one check may have been in flight when the agent joined; none after that.
    expect(ids.length - atJoin).toBeLessThanOrEqual(1);
    // Every update in order, each once: queue-update:1, :2, … with no gap and no repeat across the restart.
    expect(ids).toEqual(expectedIds('ho-wait', ids.length));
    expect(webhook.requests.filter((r) => r.body.includes('ho-offer'))).toHaveLength(1);
  }, 120_000);

  it('refuses to start with a policy whose template uses an unknown variable, naming the template and the line', () => {
    const file = path.join(os.tmpdir(), `${namePrefix}-bad-policy.yaml`);
    writeFileSync(file, readFileSync(path.join(REPO_ROOT, 'services/notification/policy/default.yaml'), 'utf8').replace('{team} team has joined', '{teem} team has joined'));
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/services/notification/main.js')], {
      env: { PATH: process.env.PATH ?? '', KAFKA_BROKERS: kafkaBrokers.join(','), MONGO_URL: mongoUrl, NOTIFICATION_POLICY_FILE: file, OTEL_SDK_DISABLED: 'true' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Invalid notification policy .*bad-policy\.yaml:\n {2}- messages\.languages\.en\.templates\.agent_joined \(line \d+\): unknown variable \{teem\}/);
  });
});
