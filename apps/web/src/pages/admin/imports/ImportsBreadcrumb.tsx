import { useTranslation } from 'react-i18next';
import { Breadcrumb } from '../../../components/Breadcrumb.tsx';

/** Administration › Imports de comptes (› the import). */
export function ImportsBreadcrumb({ current }: { current?: string }) {
  const { t } = useTranslation();
  const admin = { to: '/admin', label: t('admin.title') };
  return current ? (
    <Breadcrumb label={t('admin.breadcrumb')} trail={[admin, { to: '/admin/imports', label: t('provisioning.title') }]} current={current} />
  ) : (
    <Breadcrumb label={t('admin.breadcrumb')} trail={[admin]} current={t('provisioning.title')} />
  );
}
