import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { directoryApi } from '../../api/directory-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { initials, profileLabel } from '../../lib/labels.ts';
import { hasApp, useCurrentUser } from '../../session/current-user.ts';
import { directoryKeys } from './directory-queries.ts';

/** /annuaire/personnes/:id: a person's card (profile, school, classes, subjects, whose parent) and "Écrire un message". */
export function PersonPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const card = useQuery({ queryKey: directoryKeys.person(id), queryFn: () => directoryApi.person(id) });
  const trail = [{ to: '/annuaire', label: t('directory.title') }];
  if (card.isPending) return <Loading />;
  if (card.isError) {
    return (
      <>
        <PageHeader title={t('directory.card.unknown')} before={<Breadcrumb label={t('directory.breadcrumb')} trail={trail} current={t('directory.card.unknown')} />} />
        <QueryError error={card.error} onRetry={() => void card.refetch()} />
      </>
    );
  }
  const person = card.data;
  const details = [
    { key: 'structures', label: t('directory.structures'), values: person.structures },
    { key: 'classes', label: t('directory.classes'), values: person.classes },
    { key: 'subjects', label: t('directory.subjects'), values: person.subjects },
  ].filter((detail) => detail.values.length > 0);
  const canWrite = hasApp(me, 'messagerie') && person.id !== me.id;
  return (
    <>
      <PageHeader
        title={person.displayName}
        before={<Breadcrumb label={t('directory.breadcrumb')} trail={trail} current={person.displayName} />}
        actions={
          canWrite ? (
            <ButtonLink to={`/messagerie/nouveau?a=${encodeURIComponent(person.id)}`}>{t('directory.card.write')}</ButtonLink>
          ) : null
        }
      />
      <section className="card person-card" aria-label={t('directory.card.label', { name: person.displayName })}>
        <span className={`avatar avatar--large avatar--${person.profile.toLowerCase()}`} aria-hidden="true">
          {initials(person.displayName)}
        </span>
        <div className="person-card__body">
          <p>
            <Badge tone="info">{profileLabel(t, person.profile, person.staffFunction)}</Badge>
          </p>
          {person.parentOf.length > 0 ? (
            <p>
              {t('directory.card.parentOf')}{' '}
              {person.parentOf.map((child, index) => (
                <span key={child.id}>
                  {index > 0 ? ', ' : ''}
                  <Link to={`/annuaire/personnes/${child.id}`}>{child.displayName}</Link>
                  {child.classes.length > 0 ? ` (${child.classes.join(', ')})` : ''}
                </span>
              ))}
            </p>
          ) : null}
          {details.length > 0 ? (
            <dl className="result__details">
              {details.map((detail) => (
                <div key={detail.key} className="result__detail">
                  <dt>{detail.label}</dt>
                  <dd>{detail.values.join(', ')}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      </section>
    </>
  );
}
