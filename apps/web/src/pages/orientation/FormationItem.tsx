import type { FormationSummary } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';

/** One formation in a list: its name (a link to its page), type, level, places and nearest distance. */
export function FormationItem({ formation }: { formation: FormationSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="orientation-item">
      <Link to={`/orientation/formations/${formation.id}`} className="orientation-item__title">
        {formation.label}
      </Link>
      <p className="orientation-item__meta">
        {formation.typeAcronym ? <Badge>{formation.typeAcronym}</Badge> : null} {formation.levelLabel ? <span>{formation.levelLabel}</span> : null}
        {' · '}
        {t('orientation.places', { count: formation.placeCount })}
        {formation.distanceKm !== null ? <> · {t('orientation.nearest', { km: formation.distanceKm.toLocaleString(i18n.language) })}</> : null}
      </p>
    </li>
  );
}
