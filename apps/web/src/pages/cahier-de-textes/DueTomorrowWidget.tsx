import type { TodoItem } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { formatDay, nextSchoolDay, todayIso } from '../emploi-du-temps/dates.ts';
import { useTodoChildren, useTodos } from './homework-queries.ts';

/** The text of sanitized HTML, entities decoded, on one line. */
function plainText(html: string): string {
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
  return text.replace(/\s+/g, ' ').trim();
}

/** Portal widget "À faire pour demain": the homework due on the next school day (a student's own; each child's for a parent). */
export function DueTomorrowWidget() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const day = nextSchoolDay(todayIso());
  const children = useTodoChildren(me.profile === 'PARENT');
  const students: Array<string | undefined> = me.profile === 'PARENT' ? (children.data?.items ?? []).map((c) => c.id) : [undefined];
  const lists = useTodos(students, day, day);
  const pending = children.isPending && me.profile === 'PARENT' ? true : lists.some((q) => q.isPending);
  const failed = lists.find((q) => q.isError) ?? (children.isError ? children : undefined);
  const groups = lists.flatMap((q) => (q.data ? [q.data] : []));
  const total = groups.reduce((sum, g) => sum + g.items.length, 0);
  return (
    <section className="portal-section card" aria-labelledby="portal-due-tomorrow">
      <h2 id="portal-due-tomorrow" className="card__title">
        {t('homework.widget.title')}
      </h2>
      <p className="muted">{formatDay(day, i18n.language, 'medium')}</p>
      {pending ? <Loading /> : null}
      {failed ? <QueryError error={failed.error} onRetry={() => void failed.refetch()} /> : null}
      {!pending && !failed && total === 0 ? (
        <EmptyState icon="check">
          <p>{t('homework.widget.none')}</p>
        </EmptyState>
      ) : null}
      {groups.map((group) =>
        group.items.length > 0 ? (
          <div key={group.student.id}>
            {me.profile === 'PARENT' ? <h3 className="widget-subtitle">{group.student.displayName}</h3> : null}
            <ul className="plain-list widget-list">
              {group.items.map((item: TodoItem) => (
                <li key={item.id} className="widget-list__item">
                  <strong>{item.subjectName}</strong>
                  {item.done ? (
                    <>
                      {' '}
                      <Badge tone="success">{t('homework.todo.doneBadge')}</Badge>
                    </>
                  ) : null}
                  <span className="widget-list__text">{plainText(item.descriptionHtml)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
      <p className="widget-more">
        <Link to="/cahier-de-textes">{t('homework.widget.open')}</Link>
      </p>
    </section>
  );
}
