import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { errorText } from '../../lib/error-text.ts';
import { useLogout } from '../../session/use-logout.ts';

/** Log out of every device at once (a lost phone, a shared computer). */
export function SessionsCard() {
  const { t } = useTranslation();
  const logoutAll = useLogout(true);
  return (
    <Card title={t('account.sessions')} description={<p>{t('account.sessionsHelp')}</p>}>
      <LiveRegion politeness="assertive">
        {logoutAll.isError ? (
          <Alert tone="error">
            <p>{errorText(logoutAll.error, t)}</p>
          </Alert>
        ) : null}
      </LiveRegion>
      <Button variant="danger" onPress={() => logoutAll.mutate()} isPending={logoutAll.isPending}>
        {t('account.logoutAll')}
      </Button>
    </Card>
  );
}
