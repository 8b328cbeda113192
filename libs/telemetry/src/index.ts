// Access to the OpenTelemetry SDK started by register.ts: flushing at shutdown, and the meter/tracer of a service.
import { metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';

export const SDK_KEY = Symbol.for('handoff.telemetry.sdk');

interface ShutdownCapable {
  shutdown(): Promise<void>;
}

/** Flushes and stops telemetry; the last step of a graceful shutdown. A no-op when the SDK was not started. */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = (globalThis as Record<symbol, unknown>)[SDK_KEY] as ShutdownCapable | undefined;
  if (sdk) await sdk.shutdown();
}

export function meterFor(service: string): Meter {
  return metrics.getMeter(`handoff.${service}`);
}

export function tracerFor(service: string): Tracer {
  return trace.getTracer(`handoff.${service}`);
}

export { SpanStatusCode, trace, context, type Span } from '@opentelemetry/api';
