import { useId, type ReactNode } from 'react';

interface CardProps {
  title?: string;
  /** The heading level of the title (2 by default). */
  level?: 2 | 3;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A white panel; with a title, it is a section named by its heading. */
export function Card({ title, level = 2, description, children, className }: CardProps) {
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  if (!title) return <div className={`card ${className ?? ''}`}>{children}</div>;
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={id}>
      <Heading id={id} className="card__title">
        {title}
      </Heading>
      {description ? <div className="card__description">{description}</div> : null}
      {children}
    </section>
  );
}
