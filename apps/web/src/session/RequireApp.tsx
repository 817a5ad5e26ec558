import { Outlet } from 'react-router';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { hasApp, useCurrentUser } from './current-user.ts';

/** Shows its child routes only to users whose portal lists the application `app`. */
export function RequireApp({ app }: { app: string }) {
  const me = useCurrentUser();
  return hasApp(me, app) ? <Outlet /> : <NotFoundPage />;
}
