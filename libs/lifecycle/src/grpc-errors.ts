// The one mapping from errors to gRPC status, and the adapter that turns async handlers into grpc-js unary handlers.
import { Metadata, status, type sendUnaryData, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { HandoffError, type ErrorCode } from '@handoff/errors';
import type { Logger } from '@handoff/logging';

const STATUS_BY_CODE: Record<ErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  UNAVAILABLE: status.UNAVAILABLE,
  INTERNAL: status.INTERNAL,
};

export function toServiceError(error: unknown): Partial<ServiceError> {
  if (error instanceof HandoffError) {
    return { code: STATUS_BY_CODE[error.code], details: error.message, metadata: new Metadata() };
  }
  // Never leak internals to callers; the log has the detail.
  return { code: status.INTERNAL, details: 'internal error; see the service log', metadata: new Metadata() };
}

/** Adapts `async (request) => response` to grpc-js, mapping errors to status codes and logging unexpected ones. */
export function unary<Req, Res>(logger: Logger, method: string, handler: (request: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    handler(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => {
        if (!(error instanceof HandoffError) || error.code === 'INTERNAL') logger.error({ err: error, method }, 'gRPC call failed');
        callback(toServiceError(error) as ServiceError, null);
      },
    );
  };
}
