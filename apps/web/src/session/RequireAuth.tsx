import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/Loading.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { CurrentUserContext } from './current-user.ts';
import { useMe } from './use-me.ts';

/** Shows its child routes to a logged-in user only; sends anyone else to the login page. */
export function RequireAuth() {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  if (isPending) return <Loading />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!me) return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  return (
    <CurrentUserContext.Provider value={me}>
      <Outlet />
    </CurrentUserContext.Provider>
  );
}
