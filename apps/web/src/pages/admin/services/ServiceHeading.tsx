import type { Profile } from '@preau/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/Badge.tsx';

interface ServiceHeadingProps {
  service: { name: string; protocol: string; ownerStructureId: string | null; profiles: readonly Profile[] };
  /** What the list adds after the profiles (the ADMC's catalogue: which structures). */
  children?: ReactNode;
}

/** A service's name and facts as both admin lists show them: protocol, a structure's own link, who sees it. */
export function ServiceHeading({ service, children }: ServiceHeadingProps) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{service.name}</h3>
      <p className="service-admin-item__facts">
        <Badge tone="info">{t(`servicesAdmin.protocols.${service.protocol}`)}</Badge>{' '}
        {service.ownerStructureId ? <Badge>{t('servicesAdmin.ownLink')}</Badge> : null}{' '}
        {service.profiles.map((profile) => t(`profiles.${profile}`)).join(', ')}
        {children}
      </p>
    </>
  );
}
