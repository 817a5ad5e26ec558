import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/download.ts';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { errorText } from '../../lib/error-text.ts';

/** Downloads the PDF of a class's activation letters, and says so when there is nothing to print. */
export function ActivationLettersButton({ classId, className }: { classId: string; className: string }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState('');

  async function download() {
    setPending(true);
    setMessage('');
    try {
      await downloadFile(`/admin/classes/${classId}/activation-letters.pdf`, 'activation.pdf');
      setMessage(t('letters.downloaded', { name: className }));
    } catch (error) {
      setMessage(errorText(error, t));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="letters-cell">
      <Button variant="secondary" size="small" isPending={pending} onPress={() => void download()}>
        {t('letters.button')}
        <span className="visually-hidden"> {t('letters.buttonHidden', { name: className })}</span>
      </Button>
      <LiveRegion className="letters-cell__message">{message}</LiveRegion>
    </div>
  );
}
