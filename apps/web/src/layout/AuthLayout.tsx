import type { ReactNode } from 'react';

/** The narrow, centred column of the login, activation and password pages. */
export function AuthLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'auth-layout auth-layout--wide' : 'auth-layout'}>
      <div className="auth-card">{children}</div>
    </div>
  );
}
