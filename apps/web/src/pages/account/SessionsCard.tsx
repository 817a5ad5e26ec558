import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { useLogout } from '../../session/use-logout.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** Log out of every device at once (a lost phone, a shared computer). */
export function SessionsCard() {
  const { t } = useTranslation();
  const logoutAll = useLogout(true);
  return (
    <Card title={t('account.sessions')} description={<p>{t('account.sessionsHelp')}</p>}>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={logoutAll.error} />
      </LiveRegion>
      <Button variant="danger" onPress={() => logoutAll.mutate()} isPending={logoutAll.isPending}>
        {t('account.logoutAll')}
      </Button>
    </Card>
  );
}
