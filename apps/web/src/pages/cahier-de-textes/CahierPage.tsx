import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useChosenChild } from '../../session/child-choice.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { addDays, formatDay, todayIso } from '../emploi-du-temps/dates.ts';
import { TodoList } from './TodoList.tsx';
import { useLessons, useTodo, useTodoChildren } from './homework-queries.ts';
import { useScheduleChoices } from '../emploi-du-temps/timetable-queries.ts';

/** /cahier-de-textes: the travail à faire (students, parents), the teacher's sessions, the classes' cahiers. */
export function CahierPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return (
    <>
      <PageHeader title={t('homework.title')} subtitle={<p>{t(`homework.subtitle.${me.profile === 'ELEVE' || me.profile === 'PARENT' || me.profile === 'ENSEIGNANT' ? me.profile : 'other'}`)}</p>} />
      <div className="stack">
        {me.profile === 'ELEVE' ? <StudentTodo /> : null}
        {me.profile === 'PARENT' ? <ParentTodo /> : null}
        {me.profile === 'ENSEIGNANT' ? <TeacherSessions teacherId={me.id} /> : null}
        <ClassCahiers />
      </div>
    </>
  );
}

function StudentTodo() {
  const { t } = useTranslation();
  const todo = useTodo();
  return (
    <section aria-labelledby="todo-title" className="stack">
      <h2 id="todo-title" className="section-title">
        {t('homework.todo.title')}
      </h2>
      {todo.isPending ? <Loading /> : null}
      {todo.isError ? <QueryError error={todo.error} onRetry={() => void todo.refetch()} /> : null}
      {todo.isSuccess ? <TodoList data={todo.data} /> : null}
    </section>
  );
}

function ParentTodo() {
  const { t } = useTranslation();
  const children = useTodoChildren();
  // The child chosen in the header (remembered from page to page), the switcher here choosing for every page.
  const family = useChosenChild(useCurrentUser());
  const selected = (family.child && children.data?.items.some((c) => c.id === family.child?.id) ? family.child.id : children.data?.items[0]?.id) ?? '';
  const todo = useTodo(selected, Boolean(selected));
  return (
    <section aria-labelledby="todo-title" className="stack">
      <h2 id="todo-title" className="section-title">
        {todo.data ? t('homework.todo.titleOf', { name: todo.data.student.displayName }) : t('homework.todo.title')}
      </h2>
      {children.isError ? <QueryError error={children.error} onRetry={() => void children.refetch()} /> : null}
      {children.isSuccess && children.data.items.length === 0 ? (
        <EmptyState>
          <p>{t('homework.todo.noChild')}</p>
        </EmptyState>
      ) : null}
      {children.data?.items
        .filter((c) => c.id === selected && c.classes.length > 0)
        .map((child) => (
          <nav key={child.id} aria-label={t('homework.parent.classesOf', { name: child.displayName })} className="card">
            <p className="card__title">{t('homework.parent.classesOf', { name: child.displayName })}</p>
            <ul className="chips">
              {child.classes.map((c) => (
                <li key={c.id}>
                  <Link className="chip" to={`/cahier-de-textes/${c.kind === 'CLASS' ? 'classe' : 'groupe'}/${c.id}/semaine`}>
                    {t('homework.parent.classLink', { name: c.name })}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ))}
      {todo.isPending && selected ? <Loading /> : null}
      {todo.isError ? <QueryError error={todo.error} onRetry={() => void todo.refetch()} /> : null}
      {todo.isSuccess ? <TodoList data={todo.data} /> : null}
    </section>
  );
}

function TeacherSessions({ teacherId }: { teacherId: string }) {
  const { t, i18n } = useTranslation();
  const today = todayIso();
  const filters = { teacherId, from: addDays(today, -28), to: addDays(today, 14) };
  const lessons = useLessons(filters);
  const items = [...(lessons.data?.items ?? [])].sort((a, b) => b.occurrenceDate.localeCompare(a.occurrenceDate));
  return (
    <Card
      title={t('homework.teacher.title')}
      description={
        <p>
          {t('homework.teacher.help')} <Link to="/emploi-du-temps">{t('homework.teacher.toTimetable')}</Link>
          {' · '}
          <Link to="/cahier-de-textes/copier">{t('homework.copy.link')}</Link>
        </p>
      }
    >
      {lessons.isPending ? <Loading /> : null}
      {lessons.isError ? <QueryError error={lessons.error} onRetry={() => void lessons.refetch()} /> : null}
      {lessons.isSuccess && items.length === 0 ? (
        <EmptyState icon="book">
          <p>{t('homework.teacher.none')}</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <ul className="plain-list entry-list">
          {items.map((entry) => (
            <li key={entry.id} className="entry-list__item">
              <Link to={`/cahier-de-textes/seance/${entry.courseId}/${entry.occurrenceDate}`}>
                {t('homework.teacher.entry', { subject: entry.subjectName, target: entry.target.name, day: formatDay(entry.occurrenceDate, i18n.language, 'medium') })}
              </Link>
              {entry.homework ? (
                <span className="muted">
                  {' · '}
                  {t('homework.todo.due', { day: formatDay(entry.homework.dueOn, i18n.language, 'medium') })}
                </span>
              ) : null}
              {entry.homework?.handInOnline ? (
                <>
                  {' · '}
                  <Link to={`/cahier-de-textes/devoirs/${entry.homework.id}/rendus`}>
                    {t('homework.board.link')}
                    <span className="visually-hidden"> — {entry.subjectName}, {entry.target.name}</span>
                  </Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

/** Links to the cahier de textes of the classes and groups one may read. */
function ClassCahiers() {
  const { t } = useTranslation();
  const choices = useScheduleChoices();
  const targets = (choices.data?.items ?? []).filter((c) => c.kind === 'class' || c.kind === 'group');
  if (choices.isSuccess && targets.length === 0) return null;
  return (
    <Card title={t('homework.classes.title')}>
      {choices.isPending ? <Loading /> : null}
      {choices.isError ? <QueryError error={choices.error} onRetry={() => void choices.refetch()} /> : null}
      <ul className="chips">
        {targets.map((c) => (
          <li key={`${c.kind}:${c.id}`}>
            <Link className="chip" to={`/cahier-de-textes/${c.kind === 'class' ? 'classe' : 'groupe'}/${c.id}`}>
              {t(`timetable.kinds.${c.kind}`, { name: c.label })}
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
