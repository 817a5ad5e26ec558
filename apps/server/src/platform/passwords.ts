import { hash, verify } from '@node-rs/argon2';
import { AppError } from './errors.ts';

// argon2id (algorithm 2) with OWASP's second recommended setting:
// 19 MiB, 2 passes, 1 lane. Runs on libuv's thread pool, never on the event loop.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Unlimited hashing, for seeds, benchmarks and test factories; requests go through `PasswordHasher`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Admits at most `concurrency` tasks at once and lets at most `queue` wait;
 * past that, refuses at once rather than let a burst pile up behind real users.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new AppError('SERVICE_UNAVAILABLE', { retryAfter: 1 });
      // The slot is handed over by release(), so `active` never drops between two tasks.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * argon2id for requests: every hashing and verification shares one semaphore
 * sized to libuv's thread pool, so a burst of logins waits in a short queue
 * (then gets 503 SERVICE_UNAVAILABLE) instead of occupying every thread.
 */
export class PasswordHasher {
  private readonly slots: Semaphore;
  private dummyHash: Promise<string> | undefined;

  constructor(options: { concurrency: number; queue: number }) {
    this.slots = new Semaphore(options.concurrency, options.queue);
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hashPassword(password));
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return this.slots.run(() => verifyPassword(passwordHash, password));
  }

  /**
   * Spends the same time as a real verification when the login does not exist,
   * so response time does not tell whether an account exists.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= hashPassword('dummy-password-for-timing');
    const dummy = await this.dummyHash;
    await this.slots.run(() => verifyPassword(dummy, password));
    return false;
  }
}
