import type { AppTile } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../../components/Icon.tsx';
import { appEntries } from '../../lib/apps.ts';

/** The tiles of the applications this profile may open. */
export function AppTiles({ apps }: { apps: readonly AppTile[] }) {
  const { t } = useTranslation();
  return (
    <section className="portal-section" aria-labelledby="portal-apps">
      <h2 id="portal-apps" className="section-title">
        {t('portal.apps')}
      </h2>
      <ul className="tiles">
        {appEntries(apps).map((app) => (
          <li key={app.id}>
            <Link to={app.path} className={`tile tile--${app.id}`}>
              <span className="tile__icon">
                <Icon name={app.icon} />
              </span>
              <span className="tile__text">
                <span className="tile__name">{t(app.nameKey, { defaultValue: app.id })}</span>
                <span className="tile__description">{t(app.descriptionKey, { defaultValue: '' })}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
