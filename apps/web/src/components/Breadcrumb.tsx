import type { ReactNode } from 'react';
import { Link } from 'react-router';

export interface BreadcrumbStep {
  to: string;
  label: ReactNode;
}

interface BreadcrumbProps {
  /** The nav's accessible name ("Fil d’Ariane"). */
  label: string;
  /** The pages above this one, outermost first. */
  trail: BreadcrumbStep[];
  current: ReactNode;
  /** Kept on paper (the default leaves the trail off printed pages). */
  printable?: boolean;
}

/** The links to the pages above this one, then the current page (aria-current). */
export function Breadcrumb({ label, trail, current, printable = false }: BreadcrumbProps) {
  return (
    <nav aria-label={label} className={printable ? 'breadcrumb' : 'breadcrumb no-print'}>
      <ol>
        {trail.map((step) => (
          <li key={step.to}>
            <Link to={step.to}>{step.label}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
