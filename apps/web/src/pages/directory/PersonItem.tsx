import type { DirectoryPerson } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';
import { initials, profileLabel } from '../../lib/labels.ts';

/** One person of the annuaire: name (to his card), profile, structures, classes and subjects. */
export function PersonItem({ person }: { person: DirectoryPerson }) {
  const { t } = useTranslation();
  const details = [
    { key: 'structures', label: t('directory.structures'), values: person.structures },
    { key: 'classes', label: t('directory.classes'), values: person.classes },
    { key: 'subjects', label: t('directory.subjects'), values: person.subjects },
  ].filter((detail) => detail.values.length > 0);
  return (
    <li className="result">
      <span className={`avatar avatar--large avatar--${person.profile.toLowerCase()}`} aria-hidden="true">
        {initials(person.displayName)}
      </span>
      <div className="result__body">
        <p className="result__name">
          <Link to={`/annuaire/personnes/${person.id}`}>{person.displayName}</Link>
        </p>
        <p className="result__meta">
          <Badge tone="info">{profileLabel(t, person.profile, person.staffFunction)}</Badge>
        </p>
        {details.length > 0 ? (
          <dl className="result__details">
            {details.map((detail) => (
              <div key={detail.key} className="result__detail">
                <dt>{detail.label}</dt>
                <dd>{detail.values.join(', ')}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </div>
    </li>
  );
}
