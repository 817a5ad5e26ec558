import type { DirectoryGroup } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';
import { Icon } from '../../components/Icon.tsx';

/** One class or group of the annuaire (to its page of members). */
export function GroupItem({ group }: { group: DirectoryGroup }) {
  const { t } = useTranslation();
  return (
    <li className="result">
      <span className="avatar avatar--large avatar--group" aria-hidden="true">
        <Icon name="users" />
      </span>
      <div className="result__body">
        <p className="result__name">
          <Link to={`/annuaire/${group.kind === 'CLASS' ? 'classes' : 'groupes'}/${group.id}`}>{group.name}</Link>
        </p>
        <p className="result__meta">
          <Badge tone="info">{t(group.kind === 'CLASS' ? 'directory.class' : 'directory.group')}</Badge>{' '}
          <span className="muted">{group.code}</span>
        </p>
        <p className="result__line">
          {group.structureName} · {t('directory.members', { count: group.memberCount })}
        </p>
      </div>
    </li>
  );
}
