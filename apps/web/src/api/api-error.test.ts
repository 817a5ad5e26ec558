import { describe, expect, it } from 'vitest';
import { ApiError, isApiError, toApiError } from './api-error.ts';
import { withQuery } from './query-string.ts';

describe('toApiError', () => {
  it('reads the code, message, fields and retryAfter of the API error body', () => {
    const error = toApiError(400, {
      error: { code: 'PASSWORD_TOO_WEAK', message: 'Trop faible', fields: { password: 'TOO_SHORT' } },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('PASSWORD_TOO_WEAK');
    expect(error.message).toBe('Trop faible');
    expect(error.fields).toEqual({ password: 'TOO_SHORT' });
    expect(isApiError(error, 'PASSWORD_TOO_WEAK')).toBe(true);
    expect(isApiError(error, 'WRONG_PASSWORD')).toBe(false);
  });

  it('takes retryAfter from the body, else from the header', () => {
    expect(toApiError(429, { error: { code: 'RATE_LIMITED', message: 'x', retryAfter: 12 } }).retryAfter).toBe(12);
    expect(toApiError(429, { error: { code: 'RATE_LIMITED', message: 'x' } }, '30').retryAfter).toBe(30);
  });

  it('falls back on a code from the status when the body is not the API shape', () => {
    expect(toApiError(401, undefined).code).toBe('UNAUTHENTICATED');
    expect(toApiError(502, '<html>').code).toBe('SERVICE_UNAVAILABLE');
    expect(toApiError(500, { error: 'boom' }).code).toBe('INTERNAL_ERROR');
  });
});

describe('withQuery', () => {
  it('leaves out empty values and encodes the others', () => {
    expect(withQuery('/x', { q: 'é a', cursor: undefined, limit: 25, profile: '' })).toBe('/x?q=%C3%A9+a&limit=25');
    expect(withQuery('/x', {})).toBe('/x');
  });
});
