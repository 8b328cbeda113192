// Errors as values with a code and a message written for the person who will read it.
// One mapping from code to gRPC status lives in @handoff/lifecycle; the messaging consumer sends permanent errors straight to the DLQ.

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class HandoffError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HandoffError';
  }

  /** Retrying the same input can never succeed: the input itself is wrong. */
  get permanent(): boolean {
    return this.code === 'INVALID_ARGUMENT' || this.code === 'FAILED_PRECONDITION' || this.code === 'ALREADY_EXISTS' || this.code === 'PERMISSION_DENIED';
  }
}

export const invalidArgument = (message: string): HandoffError => new HandoffError('INVALID_ARGUMENT', message);
export const notFound = (message: string): HandoffError => new HandoffError('NOT_FOUND', message);
export const failedPrecondition = (message: string): HandoffError => new HandoffError('FAILED_PRECONDITION', message);
export const permissionDenied = (message: string): HandoffError => new HandoffError('PERMISSION_DENIED', message);
export const unavailable = (message: string, cause?: unknown): HandoffError =>
  new HandoffError('UNAVAILABLE', message, { cause });

export function isPermanent(error: unknown): boolean {
  return error instanceof HandoffError && error.permanent;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Collects every problem with an input before failing, so one error names all of them. */
export class Violations {
  private readonly problems: string[] = [];

  require(condition: boolean, problem: string): this {
    if (!condition) this.problems.push(problem);
    return this;
  }

  requireText(value: string | undefined, field: string): this {
    return this.require(typeof value === 'string' && value.trim().length > 0, `${field} is required`);
  }

  throwIfAny(subject: string): void {
    if (this.problems.length > 0) throw invalidArgument(`${subject}: ${this.problems.join('; ')}`);
  }
}
