/** What the login page hands to the activation page (router state, never the URL). */
export interface ActivationState {
  activationToken: string;
  login: string;
  firstName: string;
}

/** The activation ticket in the router state, if it is one. */
export function readActivationState(state: unknown): ActivationState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { activationToken, login, firstName } = state as Record<string, unknown>;
  if (typeof activationToken !== 'string' || typeof login !== 'string' || typeof firstName !== 'string') return undefined;
  return { activationToken, login, firstName };
}
