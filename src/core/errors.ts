/** Stable error codes; each maps to one HTTP status and one locale key `errors.<code>`. */
export const errorStatus = {
  validation: 400,
  badRequest: 400,
  unauthenticated: 401,
  invalidCredentials: 401,
  forbidden: 403,
  csrf: 403,
  notFound: 404,
  conflict: 409,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  tooManyAttempts: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One problem with one input field (or one row of an import). */
export interface FieldError {
  /** JSON pointer-ish path of the field, e.g. `idNumber` or `rows/12/parent_code`. */
  field: string;
  /** Locale key under `reasons.` naming why the value is wrong. */
  reason: string;
  /** Values interpolated into the reason message. */
  params?: Record<string, string | number>;
}

/** The one error type services throw; the error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  readonly params: Record<string, string | number>;

  constructor(code: ErrorCode, details: { errors?: FieldError[]; params?: Record<string, string | number> } = {}) {
    super(code);
    this.code = code;
    this.errors = details.errors ?? [];
    this.params = details.params ?? {};
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** Shorthand for a 400 about a single field. */
export function invalidField(field: string, reason: string, params?: Record<string, string | number>): AppError {
  return new AppError('validation', { errors: [{ field, reason, params }] });
}
