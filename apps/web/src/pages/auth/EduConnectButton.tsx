import { educonnectLoginPath } from '@preau/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth-api.ts';

/**
 * "Se connecter avec ÉduConnect", shown only where the server has it turned on. A plain link: the
 * login goes through ÉduConnect's own pages and comes back with a session (a full page load).
 */
export function EduConnectButton({ returnTo }: { returnTo: string | undefined }) {
  const { t } = useTranslation();
  const providers = useQuery({ queryKey: ['auth', 'providers'], queryFn: authApi.providers, staleTime: Infinity });
  if (!providers.data?.educonnect) return null;
  const href = returnTo ? `${educonnectLoginPath}?returnTo=${encodeURIComponent(returnTo)}` : educonnectLoginPath;
  return (
    <div className="educonnect-login">
      <p className="educonnect-login__or" aria-hidden="true">
        {t('educonnect.or')}
      </p>
      <a className="btn btn--secondary btn--block" href={href}>
        {t('educonnect.button')}
      </a>
      <p className="educonnect-login__help">{t('educonnect.help')}</p>
    </div>
  );
}
