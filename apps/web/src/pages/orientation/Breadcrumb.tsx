import { useTranslation } from 'react-i18next';
import { Breadcrumb as Trail } from '../../components/Breadcrumb.tsx';

/** Orientation › (a middle step) › the current page. */
export function Breadcrumb({ current, middle }: { current: string; middle?: { to: string; label: string } }) {
  const { t } = useTranslation();
  const trail = [{ to: '/orientation', label: t('orientation.title') }, ...(middle ? [middle] : [])];
  return <Trail label={t('orientation.breadcrumb')} trail={trail} current={current} printable />;
}
