import type { ReactNode } from 'react';
import { Alert, type AlertTone } from '../components/Alert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/** The narrow, centred column of the login, activation and password pages. */
export function AuthLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'auth-layout auth-layout--wide' : 'auth-layout'}>
      <div className="auth-card">{children}</div>
    </div>
  );
}

/** An auth page that says one thing (done, or the link is missing or spent), then where to go from there. */
export function AuthMessage({ title, tone, message, children }: { title: string; tone: AlertTone; message: string; children: ReactNode }) {
  return (
    <AuthLayout>
      <PageHeader title={title} />
      <Alert tone={tone}>
        <p>{message}</p>
      </Alert>
      {children}
    </AuthLayout>
  );
}
