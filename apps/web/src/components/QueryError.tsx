import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/error-text.ts';
import { Alert } from './Alert.tsx';
import { Button } from './Button.tsx';

/** The error of a failed load, with a button to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert">
      <Alert tone="error" title={t('errors.loadFailed')}>
        <p>{errorText(error, t)}</p>
        {onRetry ? (
          <Button variant="secondary" size="small" onPress={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Alert>
    </div>
  );
}
