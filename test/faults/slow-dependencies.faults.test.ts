// Slow and failing dependencies under steady traffic: a CRM that never answers (context's account provider), an SMTP
// server that refuses every message and a webhook that answers 500 (notification's agent alerts and the helpdesk
// connector's webhook target). Customers are still told, packages come out partial on time, nothing is duplicated.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SERVICES } from '@handoff/testing';
import { planMix } from '../load/conversations';
import { FaultRig } from './harness';
import { describeReport } from './report';

function listen(server: http.Server | SMTPServer): Promise<number> {
  const net = server instanceof SMTPServer ? (server as unknown as { server: http.Server }).server : server;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((net.address() as AddressInfo).port)));
}

describe('slow dependencies: a hanging CRM, a refusing SMTP server, a webhook answering 500', () => {
  const calls = { crm: 0, smtpRefused: 0, webhook: 0 };
  const hanging: http.ServerResponse[] = [];
  const crm = http.createServer((_req, res) => {
    calls.crm++;
    hanging.push(res); // never answered
  });
  const webhook = http.createServer((req, res) => {
    calls.webhook++;
    req.resume();
    res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
  });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onMailFrom(_address, _session, callback) {
      calls.smtpRefused++;
      callback(Object.assign(new Error('mailbox unavailable: relaying refused'), { responseCode: 550 }));
    },
  });
  let rig: FaultRig;

  beforeAll(async () => {
    const [crmPort, webhookPort, smtpPort] = [await listen(crm), await listen(webhook), await listen(smtp)];
    const hook = `http://127.0.0.1:${webhookPort}/hook`;
    rig = await FaultRig.start('slow', {
      services: [...SERVICES, 'helpdesk-connector'],
      serviceEnv: {
        context: { CONTEXT_CRM_URL: `http://127.0.0.1:${crmPort}/accounts` },
        notification: { NOTIFICATION_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, NOTIFICATION_WEBHOOK_URL: hook, NOTIFICATION_WEBHOOK_SECRET: 'fault-suite-secret-0123456789' },
        'helpdesk-connector': { CONNECTOR_TARGETS: 'webhook', WEBHOOK_URL: hook, WEBHOOK_SECRET: 'fault-suite-secret-0123456789', CONNECTOR_HTTP_ATTEMPTS: '2', CONNECTOR_HTTP_BACKOFF_MS: '100' },
      },
    });
  }, 180_000);
  afterAll(async () => {
    await rig?.stop();
    for (const res of hanging) res.destroy();
    await Promise.all([new Promise((r) => crm.close(r)), new Promise((r) => webhook.close(r)), new Promise((r) => smtp.close(() => r(undefined)))]);
  });

  it('still tells every customer exactly once, and every service stays ready', async () => {
    const plans = planMix(Number(process.env.FAULTS_CONVERSATIONS ?? 60), rig.prefix, 31);
    await rig.play(plans, Number(process.env.FAULTS_RATE ?? 15));
    await rig.settle(plans);
    const report = await rig.check(plans);
    process.stdout.write(describeReport('hanging CRM, refusing SMTP, webhook 500', report) + `  dependency calls: ${JSON.stringify(calls)}\n`);
    expect(report.violations).toEqual([]);
    expect(calls.crm).toBeGreaterThan(0);
    expect(calls.webhook).toBeGreaterThan(0);
    expect(calls.smtpRefused).toBeGreaterThan(0);
    for (const service of [...SERVICES, 'helpdesk-connector' as const]) expect({ service, ready: await rig.system.ready(service) }).toEqual({ service, ready: true });
  });
});
