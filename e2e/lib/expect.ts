import type { Locator, Page } from 'playwright-core';

/**
 * Small waiting assertions (playwright-core has no `expect`): each polls
 * until the condition holds or the timeout ends, then throws a clear error.
 */

export class AssertionError extends Error {
  override name = 'AssertionError';
}

const DEFAULT_TIMEOUT = 10_000;

export async function eventually<T>(
  describe: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = DEFAULT_TIMEOUT,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const got = lastError ? `error: ${(lastError as Error).message}` : `last value: ${JSON.stringify(last)}`;
      throw new AssertionError(`${describe} (after ${timeoutMs} ms; ${got})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the locator is visible. */
export async function expectVisible(locator: Locator, what: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new AssertionError(`Expected to see ${what} (${locator})`);
  }
}

/** Checks that the locator matches nothing visible (waits briefly for the page to settle first). */
export async function expectAbsent(locator: Locator, what: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout: timeoutMs });
  } catch {
    throw new AssertionError(`Expected not to see ${what} (${locator})`);
  }
}

/** Waits until the page's path (and query) matches. */
export async function expectPath(page: Page, expected: string | RegExp, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
  const matches = () => {
    const url = new URL(page.url());
    const path = url.pathname + url.search;
    return typeof expected === 'string' ? url.pathname === expected : expected.test(path);
  };
  await eventually(`Expected the path to be ${expected}, got ${page.url()}`, async () => matches(), Boolean, timeoutMs);
}

/** Waits until the locator's text matches. */
export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs = DEFAULT_TIMEOUT): Promise<string> {
  return eventually(
    `Expected ${locator} to have text ${expected}`,
    async () => (await locator.first().textContent({ timeout: 1_000 })) ?? '',
    (text) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text)),
    timeoutMs,
  );
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertEqual<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new AssertionError(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
