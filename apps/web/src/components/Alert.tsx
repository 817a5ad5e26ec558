import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon.tsx';

/** The meaning of an alert, shown by its colour, its icon and its hidden prefix. */
export type AlertTone = 'info' | 'success' | 'warning' | 'error';

const icons: Record<AlertTone, IconName> = { info: 'info', success: 'check', warning: 'warning', error: 'error' };

interface AlertProps {
  tone: AlertTone;
  title?: string;
  children?: ReactNode;
}

/** A boxed message. Put it inside a `LiveRegion` when it appears after an action. */
export function Alert({ tone, title, children }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`}>
      <Icon name={icons[tone]} className="alert__icon" />
      <div className="alert__body">
        {title ? <p className="alert__title">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}
