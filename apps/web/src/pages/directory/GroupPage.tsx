import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { directoryApi } from '../../api/directory-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { directoryKeys } from './directory-queries.ts';
import { PersonItem } from './PersonItem.tsx';

/** /annuaire/classes/:id and /annuaire/groupes/:id: a class or group and the members the user may see, teachers first. */
export function GroupPage({ kind }: { kind: 'CLASS' | 'GROUP' }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const group = useQuery({ queryKey: directoryKeys.members(kind, id), queryFn: () => directoryApi.members(kind, id) });
  const trail = [{ to: '/annuaire?onglet=groupes', label: t('directory.title') }];
  if (group.isPending) return <Loading />;
  if (group.isError) {
    const title = t(kind === 'CLASS' ? 'directory.class' : 'directory.group');
    return (
      <>
        <PageHeader title={title} before={<Breadcrumb label={t('directory.breadcrumb')} trail={trail} current={title} />} />
        <QueryError error={group.error} onRetry={() => void group.refetch()} />
      </>
    );
  }
  const data = group.data;
  const teachers = data.members.filter((m) => m.profile !== 'ELEVE');
  const students = data.members.filter((m) => m.profile === 'ELEVE');
  const hidden = data.memberCount - students.length;
  return (
    <>
      <PageHeader
        title={data.name}
        before={<Breadcrumb label={t('directory.breadcrumb')} trail={trail} current={data.name} />}
        subtitle={
          <p>
            <Badge tone="info">{t(kind === 'CLASS' ? 'directory.class' : 'directory.group')}</Badge> {data.structureName} ·{' '}
            {t('directory.members', { count: data.memberCount })}
          </p>
        }
      />
      <div className="stack">
        <section className="card" aria-labelledby="group-teachers">
          <h2 id="group-teachers" className="card__title">
            {t('directory.page.teachers')}
          </h2>
          {teachers.length === 0 ? (
            <EmptyState icon="users">
              <p>{t('directory.page.noTeacher')}</p>
            </EmptyState>
          ) : (
            <ul className="results">{teachers.map((person) => <PersonItem key={person.id} person={person} />)}</ul>
          )}
        </section>
        <section className="card" aria-labelledby="group-students">
          <h2 id="group-students" className="card__title">
            {t('directory.page.students')}
          </h2>
          {students.length > 0 ? <ul className="results">{students.map((person) => <PersonItem key={person.id} person={person} />)}</ul> : null}
          {hidden > 0 ? (
            <p className="muted">{t('directory.page.hidden', { count: hidden })}</p>
          ) : null}
          {data.memberCount === 0 ? (
            <EmptyState icon="users">
              <p>{t('directory.page.empty')}</p>
            </EmptyState>
          ) : null}
          <p className="widget-more">
            <Link to="/annuaire">{t('directory.page.search')}</Link>
          </p>
        </section>
      </div>
    </>
  );
}
