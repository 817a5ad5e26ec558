import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { evaluationsApi, evaluationsKeys } from '../../api/evaluations-api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { FamilyResults } from './FamilyResults.tsx';
import { LivretExportCard } from './LivretExportCard.tsx';
import { PeriodsCard } from './PeriodsCard.tsx';
import './notes.css';

/** /notes: a student's or parent's marks and bulletins; a teacher's classes to grade. */
export function NotesHomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (me.profile === 'ENSEIGNANT') return <TeacherHome />;
  // The direction, or an admin of the structure, sets its periods (the server decides: grades.manage).
  const admlOf = me.adminRoles.find((r) => r.role === 'ADML')?.scopeId;
  const periodsStructure = admlOf ?? (me.profile === 'PERSONNEL' && me.staffFunction === 'DIR' ? me.structures[0]?.id : undefined);
  return (
    <>
      <PageHeader title={t('notes.title')} subtitle={<p>{t('notes.subtitle')}</p>} />
      {me.profile === 'ELEVE' || me.profile === 'PARENT' ? <FamilyResults /> : periodsStructure ? <PeriodsCard structureId={periodsStructure} /> : <EmptyState>{t('notes.noStudents')}</EmptyState>}
      {/* The exports carry every pupil's marks: the head only (the server decides: grades.export). */}
      {me.profile === 'PERSONNEL' && me.staffFunction === 'DIR' && me.structures[0] ? <LivretExportCard structureId={me.structures[0].id} /> : null}
    </>
  );
}

function TeacherHome() {
  const { t } = useTranslation();
  const teachings = useQuery({ queryKey: evaluationsKeys.teachings, queryFn: evaluationsApi.teachings });
  return (
    <>
      <PageHeader title={t('notes.teacher.title')} subtitle={<p>{t('notes.teacher.subtitle')}</p>} />
      {teachings.isPending ? (
        <Loading />
      ) : teachings.isError ? (
        <QueryError error={teachings.error} onRetry={() => void teachings.refetch()} />
      ) : teachings.data.items.length === 0 ? (
        <EmptyState>{t('notes.teacher.none')}</EmptyState>
      ) : (
        <ul className="notes-links card">
          {teachings.data.items.map((item) => (
            <li key={`${item.target.id}-${item.subjectCode}`}>
              <Link to={`/notes/${item.target.kind === 'CLASS' ? 'classe' : 'groupe'}/${item.target.id}/${encodeURIComponent(item.subjectCode)}`}>
                {t('notes.teacher.classSubject', { name: item.target.name, subject: item.subjectName })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
