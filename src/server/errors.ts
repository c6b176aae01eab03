import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorStatus, type ErrorCode, type FieldError } from '../core/errors.js';
import { translate, type Locale } from '../core/i18n.js';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Turns Ajv's schema errors into gridgov field errors with locale reason keys. */
export function fieldErrorsFromValidation(validation: AjvError[], context: string | undefined): FieldError[] {
  return validation.map((v) => {
    const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = typeof v.params.missingProperty === 'string' ? v.params.missingProperty : undefined;
    const extra = typeof v.params.additionalProperty === 'string' ? v.params.additionalProperty : undefined;
    const name = [base, missing ?? extra].filter(Boolean).join('.') || context || 'body';
    const params: Record<string, string | number> = {};
    if (v.params.limit !== undefined) params.limit = Number(v.params.limit);
    if (v.params.type !== undefined) params.type = String(v.params.type);
    if (Array.isArray(v.params.allowedValues)) params.allowed = v.params.allowedValues.join(', ');
    const known = ['required', 'type', 'format', 'enum', 'minLength', 'maxLength', 'minimum', 'maximum', 'pattern', 'additionalProperties'];
    return { field: name, reason: known.includes(v.keyword) ? v.keyword : 'invalid', params };
  });
}

/** Sends an RFC 9457 problem document in the caller's language. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, errors: FieldError[] = [], params: Record<string, string | number> = {}) {
  const locale = request.locale as Locale;
  const status = errorStatus[code];
  const body = {
    type: `https://gridgov.org/problems/${code}`,
    title: translate(locale, `errors.${code}`, params),
    status,
    code,
    detail: errors.length
      ? errors.map((e) => `${e.field}: ${translate(locale, `reasons.${e.reason}`, { ...(e.params ?? {}) })}`).join('; ')
      : translate(locale, `errors.${code}`, params),
    instance: request.url,
    requestId: request.id,
    errors: errors.map((e) => ({ field: e.field, reason: e.reason, message: translate(locale, `reasons.${e.reason}`, { ...(e.params ?? {}) }) })),
  };
  return reply.status(status).type('application/problem+json; charset=utf-8').send(body);
}

/** One handler for every error: AppError, schema validation, body parsing; never a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) return sendProblem(request, reply, error.code, error.errors, error.params);
    const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
    if (fe.validation) return sendProblem(request, reply, 'validation', fieldErrorsFromValidation(fe.validation, fe.validationContext));
    if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(request, reply, 'payloadTooLarge');
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code: ErrorCode = fe.statusCode === 404 ? 'notFound' : fe.statusCode === 401 ? 'unauthenticated' : fe.statusCode === 403 ? 'forbidden' : fe.statusCode === 409 ? 'conflict' : 'badRequest';
      const reason = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'invalidJson' : 'invalid';
      return sendProblem(request, reply, code, code === 'badRequest' ? [{ field: 'body', reason }] : []);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'internal');
  });
}
