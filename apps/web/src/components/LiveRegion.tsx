import type { ReactNode } from 'react';

interface LiveRegionProps {
  /** `assertive` for errors that block the user, `polite` for everything else. */
  politeness?: 'polite' | 'assertive';
  children?: ReactNode;
  className?: string;
}

/**
 * A region always present in the page, so that screen readers announce what
 * appears in it (errors, confirmations, result counts).
 */
export function LiveRegion({ politeness = 'polite', children, className }: LiveRegionProps) {
  return (
    <div aria-live={politeness} aria-atomic="true" className={className}>
      {children}
    </div>
  );
}
