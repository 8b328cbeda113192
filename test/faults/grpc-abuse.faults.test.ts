// gRPC abuse: malformed and oversized requests, unknown ids, and two agents accepting the same offer at once. Each
// gets a clear status code, no service crashes, and the invariant holds.
import { Client, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { RoutingStatus, type AcceptOfferResponse } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { SERVICES, contextClient, detectionClient, unary, waitFor } from '@handoff/testing';
import { planConversation } from '../load/conversations';
import { FaultRig } from './harness';
import { describeReport } from './report';

const codeOf = (promise: Promise<unknown>) => promise.then(() => status.OK, (error: ServiceError) => error.code);

/** Sends raw bytes to a method, as a broken or hostile client would. */
function rawCall(address: string, method: string, body: Buffer): Promise<unknown> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(method, (b: Buffer) => b, (b: Buffer) => b, body, (error, response) => {
      client.close();
      if (error) reject(error);
      else resolve(response);
    }),
  );
}

describe('gRPC abuse', () => {
  let rig: FaultRig;
  beforeAll(async () => {
    // Two agents who accept offers themselves, so an offer can be raced.
    rig = await FaultRig.start('grpc', { agents: 2, capacity: 2, autoAccept: false });
  }, 180_000);
  afterAll(async () => rig?.stop());

  it('answers malformed, oversized and unknown-id requests with clear codes and keeps serving', async () => {
    const routing = rig.system.grpcAddress('routing');
    const codes: Record<string, number> = {
      'random bytes to GetAgent': await codeOf(rawCall(routing, '/handoff.routing.v1.RoutingService/GetAgent', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x12]))),
      'a 5 MB TransferHandoff': await codeOf(
        unary((done) => rig.routing().transferHandoff({ handoffId: 'ho_x', agentId: 'a', queue: 'general', note: 'n'.repeat(5 * 1024 * 1024) }, done)),
      ),
      'GetHandoff of an unknown id': await codeOf(unary((done) => rig.routing().getHandoff({ handoffId: 'ho_does_not_exist' }, done))),
      'AcceptOffer of an unknown handoff': await codeOf(unary((done) => rig.routing().acceptOffer({ handoffId: 'ho_does_not_exist', agentId: rig.agentIds[0]! }, done))),
      'CompleteHandoff of an unknown handoff': await codeOf(unary((done) => rig.routing().completeHandoff({ handoffId: 'ho_does_not_exist', agentId: rig.agentIds[0]! }, done))),
      'GetAgent of an unknown agent': await codeOf(unary((done) => rig.routing().getAgent({ agentId: 'nobody' }, done))),
      'SetPresence of an unknown agent': await codeOf(unary((done) => rig.routing().setPresence({ agentId: 'nobody', presence: 1 }, done))),
    };
    const context = contextClient(rig.system.grpcAddress('context'));
    codes['GetContextPackage of an unknown handoff'] = await codeOf(unary((done) => context.getContextPackage({ handoffId: 'ho_does_not_exist' }, done)));
    context.close();
    const detection = detectionClient(rig.system.grpcAddress('detection'));
    codes['ValidatePolicy of 1 MB of garbage'] = await codeOf(unary((done) => detection.validatePolicy({ policyYaml: '{['.repeat(512 * 1024) }, done)));
    detection.close();
    process.stdout.write(`\n[faults] gRPC abuse codes: ${JSON.stringify(Object.fromEntries(Object.entries(codes).map(([k, v]) => [k, status[v]])))}\n`);

    expect(codes).toEqual({
      'random bytes to GetAgent': status.INTERNAL, // grpc-js cannot deserialize the request
      'a 5 MB TransferHandoff': status.RESOURCE_EXHAUSTED, // above the 4 MB default receive limit
      'GetHandoff of an unknown id': status.NOT_FOUND,
      'AcceptOffer of an unknown handoff': status.NOT_FOUND,
      'CompleteHandoff of an unknown handoff': status.NOT_FOUND,
      'GetAgent of an unknown agent': status.NOT_FOUND,
      'SetPresence of an unknown agent': status.NOT_FOUND,
      'GetContextPackage of an unknown handoff': status.NOT_FOUND,
      'ValidatePolicy of 1 MB of garbage': status.OK, // answered with valid=false and the problems
    });
    for (const service of SERVICES) expect({ service, ready: await rig.system.ready(service) }).toEqual({ service, ready: true });
  });

  it('lets exactly one of two agents racing to accept the same offer have it', async () => {
    const plan = planConversation('explicit_button', 1, rig.prefix);
    await rig.play([plan], 20);
    const offered = await waitFor(
      () => rig.live.of(Topics.handoffRouting).find((r) => r.event.conversationId === plan.conversationId && r.event.status === RoutingStatus.ROUTING_STATUS_OFFERED),
      'the offer',
    );
    const { handoffId } = offered.event;
    const attempts = rig.agentIds.flatMap((agentId) =>
      Array.from({ length: 5 }, () =>
        unary<AcceptOfferResponse>((done) => rig.routing().acceptOffer({ handoffId, agentId }, done)).then(
          () => ({ agentId, code: status.OK }),
          (error: ServiceError) => ({ agentId, code: error.code }),
        ),
      ),
    );
    const results = await Promise.all(attempts);
    const winners = new Set(results.filter((r) => r.code === status.OK).map((r) => r.agentId));
    process.stdout.write(`\n[faults] concurrent accept: ${JSON.stringify(results.map((r) => `${r.agentId.slice(-7)}:${status[r.code]}`))}\n`);
    expect([...winners]).toEqual([offered.event.agent!.agentId]);
    for (const r of results.filter((x) => x.agentId !== offered.event.agent!.agentId)) expect(r.code).toBe(status.PERMISSION_DENIED);

    await rig.settle([plan], 30_000);
    const report = await rig.check([plan]);
    process.stdout.write(describeReport('concurrent accept', report));
    expect(report.violations).toEqual([]);
  });
});
