/**
 * A server-side session. The cookie holds a random id; the store keys on its
 * hash. It names the account only: the rights are read fresh on each request
 * (actor-loader.ts), never kept from the login.
 */
export interface Session {
  accountId: string;
  csrfToken: string;
  createdAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

/** Where sessions live: the database by default, Redis when REDIS_URL is set. */
export interface SessionStore {
  create(idHash: string, session: Session): Promise<void>;
  /** One indexed read (or one GET); undefined when missing or expired. */
  get(idHash: string, now: number): Promise<Session | undefined>;
  /** Pushes the idle expiry forward. */
  touch(idHash: string, session: Session): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Logs an account out everywhere. */
  deleteAllFor(accountId: string): Promise<void>;
}
