import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { formatDay, formatInstant } from '../emploi-du-temps/dates.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { RichText } from '../../components/RichText.tsx';
import { useLessonHistory } from './homework-queries.ts';
import { HomeworkBreadcrumb } from './HomeworkBreadcrumb.tsx';

/** /cahier-de-textes/historique/:entryId — every version of an entry, newest first. */
export function HistoryPage() {
  const { entryId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const valid = /^[0-9a-f-]{36}$/i.test(entryId);
  const history = useLessonHistory(entryId, valid);
  if (!valid || (history.isError && isApiError(history.error, 'NOT_FOUND'))) return <NotFoundPage />;
  return (
    <>
      <PageHeader
        title={t('homework.history.title')}
        before={<HomeworkBreadcrumb current={t('homework.history.title')} />}
      />
      {history.isPending ? <Loading /> : null}
      {history.isError ? <QueryError error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.isSuccess ? (
        <ol className="plain-list stack">
          {history.data.items.map((item) => (
            <li key={item.version} className="card">
              <h2 className="card__title">
                {t('homework.history.version', { version: item.version, name: item.editor.displayName, date: formatInstant(item.changedAt, i18n.language) })}
              </h2>
              {item.title ? <p><strong>{item.title}</strong></p> : null}
              {item.contentHtml ? <RichText html={item.contentHtml} /> : <p className="muted">{t('homework.lesson.noContent')}</p>}
              {item.links.length > 0 ? (
                <ul>
                  {item.links.map((l) => (
                    <li key={l.url}>
                      {l.label} ({l.url})
                    </li>
                  ))}
                </ul>
              ) : null}
              {item.homework ? (
                <div className="homework-box">
                  <p className="homework-box__title">
                    <strong>{t('homework.todo.label')}</strong> — {t('homework.todo.due', { day: formatDay(item.homework.dueOn, i18n.language, 'medium') })}
                    {item.homework.handInOnline ? ` · ${t('homework.todo.online')}` : ''}
                  </p>
                  <RichText html={item.homework.descriptionHtml} />
                </div>
              ) : (
                <p className="muted">{t('homework.history.noHomework')}</p>
              )}
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
