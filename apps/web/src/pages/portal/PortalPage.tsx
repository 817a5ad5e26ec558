import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { profileLabel } from '../../lib/labels.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { PortalWidgets } from '../emploi-du-temps/PortalWidgets.tsx';
import { AppTiles } from './AppTiles.tsx';
import { NotificationsPanel } from './NotificationsPanel.tsx';
import { usePortal } from './portal-queries.ts';

/** /: the portal home — greeting, the day's widgets, notifications, applications. */
export function PortalPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  // One call brings what every widget draws; the widgets then read it from their own queries. If it fails,
  // each widget asks for its part itself (and shows its own error and retry), so nothing waits on one answer.
  const portal = usePortal();
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
        {portal.isPending ? (
          <div className="portal-grid__widgets">
            <Loading />
          </div>
        ) : (
          <>
            <div className="portal-grid__widgets">
              <PortalWidgets />
            </div>
            <div className="portal-grid__news">
              <NotificationsPanel />
            </div>
          </>
        )}
        <div className="portal-grid__apps">
          <AppTiles apps={me.apps} />
        </div>
      </div>
    </>
  );
}
