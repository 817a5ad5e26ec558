import type { AccountStatus } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badge.tsx';

const tones = { PROVISIONED: 'warning', ACTIVE: 'success', BLOCKED: 'danger' } as const;

/** The status of an account as a coloured label (the text says it too). */
export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  const { t } = useTranslation();
  return <Badge tone={tones[status]}>{t(`statuses.${status}`)}</Badge>;
}
