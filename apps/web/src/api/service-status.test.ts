import { describe, expect, it } from 'vitest';
import { toApiError } from './api-error.ts';
import { retryDelay, serviceStatus } from './service-status.ts';

describe('service status', () => {
  it('turns unavailable on a 503 and available again at the first success', () => {
    const seen: boolean[] = [];
    const unsubscribe = serviceStatus.subscribe(() => seen.push(serviceStatus.isUnavailable()));
    serviceStatus.reportError(toApiError(404, { error: { code: 'NOT_FOUND', message: '' } }));
    expect(serviceStatus.isUnavailable()).toBe(false);
    serviceStatus.reportError(toApiError(503, { error: { code: 'SERVICE_UNAVAILABLE', message: '', retryAfter: 5 } }));
    expect(serviceStatus.isUnavailable()).toBe(true);
    serviceStatus.reportSuccess();
    expect(serviceStatus.isUnavailable()).toBe(false);
    expect(seen).toEqual([true, false]);
    unsubscribe();
  });

  it("waits as long as the server's Retry-After says, else backs off", () => {
    expect(retryDelay(1, toApiError(503, '<html>', '5'))).toBe(5000);
    expect(retryDelay(1, toApiError(502, '<html>'))).toBe(2000);
    expect(retryDelay(10, toApiError(502, '<html>'))).toBe(30_000);
  });
});
