import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/Loading.tsx';
import { useMe } from './use-me.ts';

/** The state a protected page leaves when it sends the user to log in. */
export interface FromState {
  from?: string;
}

/** Shows its child routes (login, activation) to visitors; a logged-in user goes on to where he was going. */
export function GuestOnly() {
  const { data: me, isPending } = useMe();
  const location = useLocation();
  if (isPending) return <Loading />;
  if (me) {
    const from = (location.state as FromState | null)?.from;
    const target = from && from.startsWith('/') && !from.startsWith('//') ? from : '/';
    return <Navigate to={target} replace />;
  }
  return <Outlet />;
}
