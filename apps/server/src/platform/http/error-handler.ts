import type { ApiErrorBody, ErrorCode } from '@preau/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { isServiceUnavailable, RETRY_AFTER_SECONDS, storageFailureCode } from '../health/outage.ts';
import { errorMessage, requestLocale } from '../i18n.ts';

/** Fastify's own error codes that are the client's fault, mapped to ours. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const locale = requestLocale(request);
  const body: ApiErrorBody = { error: { code: error.code, message: errorMessage(error.code, locale) } };
  if (error.fields) body.error.fields = error.fields;
  if (error.retryAfter !== undefined) {
    body.error.retryAfter = error.retryAfter;
    void reply.header('retry-after', String(error.retryAfter));
  }
  return reply.status(error.status).type('application/json; charset=utf-8').send(body);
}

/**
 * One error shape for the whole API; an unreachable database or Redis becomes a 503 with Retry-After,
 * anything else unexpected is logged and becomes a generic 500.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(request, reply, error);

    if (hasZodFastifySchemaValidationErrors(error)) {
      // Field values are zod's issue codes (invalid_type, too_small…): stable, for the client to branch on.
      const fields: Record<string, string> = {};
      for (const issue of error.validation) {
        const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const keys = (issue.params as { keys?: unknown }).keys;
        if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
          for (const key of keys) fields[path ? `${path}.${String(key)}` : String(key)] = 'unrecognized_key';
        } else {
          fields[path || '_'] = issue.keyword;
        }
      }
      return sendError(request, reply, new AppError('VALIDATION_FAILED', { fields }));
    }

    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped) return sendError(request, reply, new AppError(mapped));
    if (error.statusCode === 429) {
      return sendError(request, reply, new AppError('RATE_LIMITED', { retryAfter: 60 }));
    }
    if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
      request.log.info({ code: error.code }, 'client error');
      return sendError(request, reply, new AppError(error instanceof SyntaxError ? 'MALFORMED_JSON' : 'VALIDATION_FAILED'));
    }
    const storageFailure = storageFailureCode(error);
    if (storageFailure) {
      request.log.error({ code: error.code, message: error.message }, 'file storage failed');
      return sendError(request, reply, new AppError(storageFailure, { retryAfter: 60 }));
    }
    if (isServiceUnavailable(error)) {
      // Not a bug: the database or Redis is out of reach. No stack trace per request during an outage.
      request.log.warn({ code: (error as { code?: string }).code, message: error.message }, 'dependency unavailable');
      return sendError(request, reply, new AppError('SERVICE_UNAVAILABLE', { retryAfter: RETRY_AFTER_SECONDS }));
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(request, reply, new AppError('INTERNAL_ERROR'));
  });
}
