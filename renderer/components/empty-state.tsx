/**
 * A calm empty state: an icon, what is missing, and what to do next.
 */
import type { ReactNode } from 'react';

/** Props of an empty state. */
export interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
}

/** Tells the person what to do when there is nothing to show. */
export function EmptyState({ icon, title, children }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      <div className="empty-icon" aria-hidden="true">
        {icon}
      </div>
      <h1>{title}</h1>
      {children}
    </section>
  );
}
