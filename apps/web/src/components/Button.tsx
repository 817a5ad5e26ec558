import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { Spinner } from './Spinner.tsx';

/** The look of a button. */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children'> {
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
  className?: string;
  children: ReactNode;
}

/** A button (React Aria: keyboard, touch and pending state handled). */
export function Button({ variant = 'primary', size = 'normal', className, children, isPending, ...props }: ButtonProps) {
  const classes = ['btn', `btn--${variant}`, size === 'small' ? 'btn--small' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <AriaButton {...props} isPending={isPending} className={classes}>
      {isPending ? <Spinner /> : null}
      {children}
    </AriaButton>
  );
}
