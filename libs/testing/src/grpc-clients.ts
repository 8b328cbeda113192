// Promise wrapper over the generated gRPC clients, for tests and the demo.
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { AnalyticsServiceClient, ContextServiceClient, DetectionServiceClient, RoutingServiceClient } from '@handoff/contracts';

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

/** `await unary<GetAgentResponse>((done) => client.getAgent({ agentId }, done))` */
export function unary<Res>(invoke: (done: Callback<Res>) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));
}

export const routingClient = (address: string) => new RoutingServiceClient(address, credentials.createInsecure());
export const contextClient = (address: string) => new ContextServiceClient(address, credentials.createInsecure());
export const detectionClient = (address: string) => new DetectionServiceClient(address, credentials.createInsecure());
export const analyticsClient = (address: string) => new AnalyticsServiceClient(address, credentials.createInsecure());
