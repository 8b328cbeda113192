// Service lifecycle: start-up, health and ordered shutdown, and gRPC error mapping.
export { ServiceRuntime, SHUTDOWN_PHASES, type RuntimeOptions, type ReadinessCheck, type ShutdownPhase } from './runtime';
export { toServiceError, unary } from './grpc-errors';
export { runMain } from './main';
export { startPlatform, type Platform, type PlatformOptions } from './platform';
export { sweepHourly } from './background';
