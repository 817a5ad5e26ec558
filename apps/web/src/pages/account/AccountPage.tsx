import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { ChangePasswordCard } from './ChangePasswordCard.tsx';
import { EmailCard } from './EmailCard.tsx';
import { IdentityCard } from './IdentityCard.tsx';
import { LanguageCard } from './LanguageCard.tsx';
import { SessionsCard } from './SessionsCard.tsx';

/** /compte: my identity, password, e-mail, language and sessions. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return (
    <>
      <PageHeader title={t('account.title')} subtitle={<p>{t('account.subtitle')}</p>} />
      <div className="stack account-grid">
        <IdentityCard me={me} />
        <ChangePasswordCard me={me} />
        <EmailCard me={me} />
        <LanguageCard />
        <SessionsCard />
      </div>
    </>
  );
}
