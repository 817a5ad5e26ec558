import { isApiError } from './api-error.ts';

/**
 * Whether the server is momentarily out of reach (503, a proxy's 502/504, or
 * no network), shared by every query: the layout shows one calm banner
 * instead of an error per card, and hides it at the first success.
 */
let unavailable = false;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (value === unavailable) return;
  unavailable = value;
  for (const listener of listeners) listener();
}

export const serviceStatus = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  isUnavailable: (): boolean => unavailable,
  /** Called with every failure of a query or mutation. */
  reportError(error: unknown): void {
    if (isServiceUnavailable(error)) set(true);
  },
  /** Called with every success: the server answers again. */
  reportSuccess(): void {
    set(false);
  },
};

/** True for the failures that go away by themselves: the service or the network is down for a moment. */
export function isServiceUnavailable(error: unknown): boolean {
  return isApiError(error, 'SERVICE_UNAVAILABLE', 'NETWORK_ERROR');
}

/** Wait before the next try: the server's Retry-After when it gave one, else 1 s, 2 s, 4 s… up to 30 s. */
export function retryDelay(failureCount: number, error: unknown): number {
  if (isApiError(error) && error.retryAfter) return Math.min(error.retryAfter, 60) * 1000;
  return Math.min(1000 * 2 ** failureCount, 30_000);
}
