/** What the login page says after the user left on purpose, or after his session expired while he was writing a message. */
export type LoginNotice = 'loggedOut' | 'loggedOutEverywhere' | 'sessionExpiredWhileWriting';

let pending: LoginNotice | undefined;

/**
 * Leaves a message for the next login page. Kept outside the router state
 * because the protected page's own redirect to /connexion may win the race.
 */
export function setLoginNotice(notice: LoginNotice): void {
  pending = notice;
}

/** The message left for the login page, if any (it stays until `clearLoginNotice`). */
export function peekLoginNotice(): LoginNotice | undefined {
  return pending;
}

/** Forgets the message once the login page has shown it. */
export function clearLoginNotice(): void {
  pending = undefined;
}
