import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { profileLabel } from '../../lib/labels.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { PortalWidgets } from '../emploi-du-temps/PortalWidgets.tsx';
import { AppTiles } from './AppTiles.tsx';
import { NotificationsPanel } from './NotificationsPanel.tsx';

/** /: the portal home — greeting, the day's widgets, notifications, applications. */
export function PortalPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const structures = me.structures.map((structure) => structure.name).join(', ');
  return (
    <>
      <PageHeader
        title={t('portal.greeting', { firstName: me.firstName })}
        documentTitle={t('portal.documentTitle')}
        subtitle={
          <p className="identity-line">
            <span className="identity-line__profile">{profileLabel(t, me.profile, me.staffFunction)}</span>
            {structures ? <span className="identity-line__structures">{structures}</span> : null}
          </p>
        }
      />
      {/* What the day holds first (next lessons, homework, news), the applications after: on a phone the tiles come last. */}
      <div className="portal-grid">
        <div className="portal-grid__widgets">
          <PortalWidgets />
        </div>
        <div className="portal-grid__news">
          <NotificationsPanel />
        </div>
        <div className="portal-grid__apps">
          <AppTiles apps={me.apps} />
        </div>
      </div>
    </>
  );
}
