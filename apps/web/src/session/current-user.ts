import type { Me } from '@preau/contracts';
import { createContext, useContext } from 'react';

/** The logged-in user, provided by `RequireAuth` to every protected page. */
export const CurrentUserContext = createContext<Me | null>(null);

/** The logged-in user of a protected page (throws outside `RequireAuth`). */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser must be used inside RequireAuth');
  return me;
}

/** True when the user may open the portal application `appId`. */
export function hasApp(me: Me, appId: string): boolean {
  return me.apps.some((app) => app.id === appId);
}
