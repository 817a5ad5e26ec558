import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/error-text.ts';
import { Alert } from './Alert.tsx';

/** The error of a failed action, in words the user understands; nothing while there is none. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert tone="error">
      <p>{errorText(error, t)}</p>
    </Alert>
  );
}
