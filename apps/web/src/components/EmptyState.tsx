import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon.tsx';

/** What a list shows when it has nothing to show. */
export function EmptyState({ icon = 'info', children }: { icon?: IconName; children: ReactNode }) {
  return (
    <div className="empty-state">
      <Icon name={icon} className="empty-state__icon" />
      <div>{children}</div>
    </div>
  );
}
