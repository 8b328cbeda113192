// Starts OpenTelemetry before anything else is loaded: run services as `node --require <dist>/telemetry/register.js main.js`.
// Configured only through the standard OTEL_* variables (OTLP export by default, OTEL_SDK_DISABLED=true to turn off).
import path from 'node:path';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SDK_KEY } from './index';

function defaultServiceName(): string {
  // dist/services/<name>/main.js → handoff-<name>
  const entry = process.argv[1] ?? '';
  return `handoff-${path.basename(path.dirname(entry)) || 'service'}`;
}

if (process.env.OTEL_SDK_DISABLED !== 'true') {
  process.env.OTEL_SERVICE_NAME ??= defaultServiceName();
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/healthz' || req.url === '/readyz' }),
      new GrpcInstrumentation({ ignoreGrpcMethods: ['Check', 'Watch'] }),
      // No kafkajs instrumentation: libs/messaging makes the Kafka spans and carries the trace context itself (one
      // producer span per message, also when several messages share a produce request; one consumer span per message).
      // Never record query values: they may hold personal data.
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  (globalThis as Record<symbol, unknown>)[SDK_KEY] = sdk;
}
