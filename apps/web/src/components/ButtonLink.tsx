import type { ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';
import type { ButtonVariant } from './Button.tsx';

interface ButtonLinkProps extends Omit<LinkProps, 'className'> {
  variant?: ButtonVariant;
  children: ReactNode;
}

/** A link that looks like a button (for navigation, never for actions). */
export function ButtonLink({ variant = 'primary', children, ...props }: ButtonLinkProps) {
  return (
    <Link {...props} className={`btn btn--${variant}`}>
      {children}
    </Link>
  );
}
