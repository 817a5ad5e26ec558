import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';

/** The place of the notifications on the portal (the timeline comes later). */
export function NotificationsPanel() {
  const { t } = useTranslation();
  return (
    <section className="portal-section card" aria-labelledby="portal-notifications">
      <h2 id="portal-notifications" className="card__title">
        {t('portal.notifications')}
      </h2>
      <EmptyState icon="bell">
        <p>{t('portal.noNotifications')}</p>
      </EmptyState>
    </section>
  );
}
