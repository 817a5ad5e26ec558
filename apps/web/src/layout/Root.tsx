import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { Outlet, ScrollRestoration, useHref, useNavigate, type NavigateOptions } from 'react-router';
import { useMe } from '../session/use-me.ts';
import { ChildSwitcher } from './ChildSwitcher.tsx';
import { ServiceBanner } from './ServiceBanner.tsx';
import { SiteFooter } from './SiteFooter.tsx';
import { SiteHeader } from './SiteHeader.tsx';
import { SkipLink } from './SkipLink.tsx';

declare module 'react-aria-components' {
  interface RouterConfig {
    routerOptions: NavigateOptions;
  }
}

/** The frame of every page: skip link, header (and a parent's child switcher), <main id="contenu">, footer. */
export function Root() {
  const navigate = useNavigate();
  const { data: me } = useMe();
  return (
    <AriaRouterProvider navigate={(to, options) => void navigate(to, options)} useHref={useHref}>
      <SkipLink />
      <SiteHeader me={me} />
      {me?.profile === 'PARENT' ? <ChildSwitcher me={me} /> : null}
      <ServiceBanner />
      <main id="contenu" className="site-main container" tabIndex={-1}>
        <Outlet />
      </main>
      <SiteFooter />
      <ScrollRestoration />
    </AriaRouterProvider>
  );
}
