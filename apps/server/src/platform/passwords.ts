import { hash, verify } from '@node-rs/argon2';

// argon2id (algorithm 2) with OWASP's second recommended setting:
// 19 MiB, 2 passes, 1 lane. Runs on libuv's thread pool, never on the event loop.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

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

let dummyHash: Promise<string> | undefined;
/**
 * Spends the same time as a real verification when the login does not exist,
 * so response time does not tell whether an account exists.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  await verify(await dummyHash, password).catch(() => false);
  return false;
}
