import type { ReactNode } from 'react';

/**
 * Wraps a wide table so that it scrolls by itself on a phone (the page never
 * does); focusable so that keyboard users can scroll it too.
 */
export function TableContainer({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-container" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
