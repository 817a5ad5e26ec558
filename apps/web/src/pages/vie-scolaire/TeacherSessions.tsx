import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { presencesApi, presencesKeys, timeOf } from '../../api/presences-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';

/** The teacher's sessions of today, each one tap from its roll call. */
export function TeacherSessions() {
  const { t } = useTranslation();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const sessions = useQuery({ queryKey: presencesKeys.mySessions(today), queryFn: () => presencesApi.mySessions(today) });
  return (
    <Card title={t('presences.sessions.title')}>
      {sessions.isPending ? <Loading /> : null}
      {sessions.isError ? <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
      {sessions.data && sessions.data.items.length === 0 ? <EmptyState icon="calendar">{t('presences.sessions.empty')}</EmptyState> : null}
      {sessions.data && sessions.data.items.length > 0 ? (
        <ul className="presence-list">
          {sessions.data.items.map((s) => (
            <li key={`${s.courseId}_${s.date}`} className="presence-list__item">
              <Link to={`/vie-scolaire/appel/${s.courseId}/${s.date}`} className="presence-session">
                <span className="presence-session__time">
                  {timeOf(s.startMinute)}–{timeOf(s.endMinute)}
                </span>
                <span className="presence-session__what">
                  {t('presences.sessions.callOf', { subject: s.subjectName, target: s.targetName })}
                </span>
                {s.takenAt ? <Badge tone="success">{t('presences.sessions.taken')}</Badge> : <Badge tone="warning">{t('presences.sessions.toTake')}</Badge>}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
