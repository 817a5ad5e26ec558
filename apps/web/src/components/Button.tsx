import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { Spinner } from './Spinner.tsx';

/** The look of a button. */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children' | 'isPending'> {
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
  className?: string;
  /** While true the button keeps its focus but ignores presses and shows a spinner. */
  isPending?: boolean;
  children: ReactNode;
}

/**
 * A button (React Aria: keyboard, touch, focus ring). The pending state is
 * handled here rather than by React Aria's own, whose announcement points at
 * the button by id and dangles once a successful submit has removed it; the
 * outcome of each action is announced by the page's live regions instead.
 */
export function Button({ variant = 'primary', size = 'normal', className, children, isPending, ...props }: ButtonProps) {
  const classes = ['btn', `btn--${variant}`, size === 'small' ? 'btn--small' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  const pendingProps = isPending
    ? { type: 'button' as const, onPress: undefined, 'aria-disabled': true as const, 'data-pending': true }
    : {};
  return (
    <AriaButton {...props} {...pendingProps} className={classes}>
      {isPending ? <Spinner /> : null}
      {children}
    </AriaButton>
  );
}
