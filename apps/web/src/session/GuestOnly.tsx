import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/Loading.tsx';
import { useMe } from './use-me.ts';

/** The state a protected page leaves when it sends the user to log in. */
export interface FromState {
  from?: string;
}

/**
 * Where the CAS server or the OpenID Connect provider asked to come back after the login
 * (`/connexion?retour=/cas/login?service=…`, `/connexion?retour=/oidc/interaction/…`). Only those two of
 * Préau's own pages: the server checks the service there, so this cannot become an open redirect.
 */
export function casReturnOf(search: string): string | undefined {
  const retour = new URLSearchParams(search).get('retour');
  return retour && (retour.startsWith('/cas/login?') || /^\/oidc\/interaction\/[\w-]+$/.test(retour)) ? retour : undefined;
}

/** The pages GuestOnly guards (router.tsx): a logged-in user is sent on from them at once. */
export const GUEST_PATHS: readonly string[] = ['/connexion', '/activation'];

/** Shows its child routes (login, activation) to visitors; a logged-in user goes on to where he was going. */
export function GuestOnly() {
  const { data: me, isPending } = useMe();
  const location = useLocation();
  const casReturn = casReturnOf(location.search);
  useEffect(() => {
    // /cas/login is served by the server, not the web app: a full page load.
    if (me && casReturn) window.location.replace(casReturn);
  }, [me, casReturn]);
  if (isPending) return <Loading />;
  if (me) {
    if (casReturn) return <Loading />;
    const from = (location.state as FromState | null)?.from;
    const target = from && from.startsWith('/') && !from.startsWith('//') ? from : '/';
    return <Navigate to={target} replace />;
  }
  return <Outlet />;
}
