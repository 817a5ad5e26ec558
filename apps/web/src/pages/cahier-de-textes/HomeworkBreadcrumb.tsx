import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumb, type BreadcrumbStep } from '../../components/Breadcrumb.tsx';

/** Cahier de textes › (the steps between) › the current page. */
export function HomeworkBreadcrumb({ current, between = [] }: { current: ReactNode; between?: BreadcrumbStep[] }) {
  const { t } = useTranslation();
  return <Breadcrumb label={t('homework.breadcrumb')} trail={[{ to: '/cahier-de-textes', label: t('homework.title') }, ...between]} current={current} />;
}
