import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A random url-safe token of `bytes` bytes of entropy (256 bits by default). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens and session ids are stored hashed, so a database dump cannot be replayed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

// No 0/O, 1/I/L: activation codes are read from paper by children.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** An activation code of 8 characters, easy to read and type (about 40 bits). */
export function newActivationCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
