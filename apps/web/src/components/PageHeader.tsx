import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { useDocumentTitle } from '../lib/use-document-title.ts';

interface PageHeaderProps {
  title: string;
  /** The window title when it should differ from the heading. */
  documentTitle?: string;
  subtitle?: ReactNode;
  /** Shown above the title (a breadcrumb). */
  before?: ReactNode;
  actions?: ReactNode;
}

/**
 * The page's h1, and its document title. After a navigation inside the app,
 * focus moves to the h1 so that screen-reader users hear the new page.
 */
export function PageHeader({ title, documentTitle, subtitle, before, actions }: PageHeaderProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  useDocumentTitle(documentTitle ?? title);
  useEffect(() => {
    // "default" is the key of the first page loaded: leave the focus alone there.
    // Runs when the page changes, not when only its query string does.
    if (location.key !== 'default') heading.current?.focus({ preventScroll: true });
  }, [location.pathname]); // location.key is read on purpose without being a dependency
  return (
    <div className="page-header">
      {before}
      <div className="page-header__row">
        <div>
          <h1 ref={heading} tabIndex={-1} className="page-header__title">
            {title}
          </h1>
          {subtitle ? <div className="page-header__subtitle">{subtitle}</div> : null}
        </div>
        {actions ? <div className="page-header__actions">{actions}</div> : null}
      </div>
    </div>
  );
}
