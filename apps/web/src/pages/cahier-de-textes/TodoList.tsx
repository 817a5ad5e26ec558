import type { SubmissionSummary, TodoItem, TodoList as TodoListData } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { homeworkApi } from '../../api/homework-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { errorText } from '../../lib/error-text.ts';
import { formatDay, formatInstant } from '../emploi-du-temps/dates.ts';
import { FileList } from './FileList.tsx';
import { RichText } from '../../components/RichText.tsx';
import { FileField } from '../../components/FileField.tsx';
import { homeworkKeys } from './homework-queries.ts';

/** The travail à faire grouped by due date: the student ticks and hands in; a parent reads. */
export function TodoList({ data }: { data: TodoListData }) {
  const { t, i18n } = useTranslation();
  if (data.items.length === 0) {
    return (
      <EmptyState icon="book">
        <p>{t('homework.todo.none')}</p>
      </EmptyState>
    );
  }
  const byDay = new Map<string, TodoItem[]>();
  for (const item of [...data.items].sort((a, b) => a.dueOn.localeCompare(b.dueOn))) byDay.set(item.dueOn, [...(byDay.get(item.dueOn) ?? []), item]);
  return (
    <div className="stack">
      {[...byDay].map(([day, items]) => (
        <section key={day} aria-labelledby={`due-${day}`} className="todo-day">
          <h3 id={`due-${day}`} className="todo-day__title">
            {t('homework.todo.dueTitle', { day: formatDay(day, i18n.language, 'long') })}
          </h3>
          <ul className="plain-list stack">
            {items.map((item) => (
              <li key={item.id}>
                <TodoCard item={item} readOnly={data.readOnly} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function TodoCard({ item, readOnly }: { item: TodoItem; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const checkboxId = useId();
  const [done, setDone] = useState(item.done);
  const [notice, setNotice] = useState('');
  const tick = useMutation({
    mutationFn: (value: boolean) => homeworkApi.setDone(item.id, value),
    onMutate: (value) => setDone(value),
    onSuccess: (result) => {
      setDone(result.done);
      setNotice(result.done ? t('homework.todo.markedDone', { subject: item.subjectName }) : t('homework.todo.markedNotDone', { subject: item.subjectName }));
      void queryClient.invalidateQueries({ queryKey: homeworkKeys.todoLists });
    },
    onError: () => setDone(item.done),
  });
  return (
    <article className={`card todo-card${done ? ' is-done' : ''}`} aria-labelledby={`${checkboxId}-title`}>
      <h4 id={`${checkboxId}-title`} className="todo-card__title">
        {item.subjectName}
        <span className="muted todo-card__meta">
          {' · '}
          {t('homework.todo.givenBy', { name: item.teacher.displayName, day: formatDay(item.givenOn, i18n.language, 'medium') })}
        </span>
      </h4>
      <RichText html={item.descriptionHtml} />
      {item.worksheets.length > 0 ? (
        <div className="todo-card__worksheets">
          <h5 id={`${checkboxId}-worksheets`} className="hand-in__title">
            {t('homework.todo.worksheets', { count: item.worksheets.length })}
          </h5>
          <FileList files={item.worksheets} />
        </div>
      ) : null}
      <p className="muted">
        {[item.estimatedMinutes ? t('homework.todo.minutes', { count: item.estimatedMinutes }) : '', item.handInOnline ? t('homework.todo.online') : '']
          .filter(Boolean)
          .join(' · ')}
      </p>
      {readOnly ? (
        <p>{done ? <Badge tone="success">{t('homework.todo.doneBadge')}</Badge> : <Badge>{t('homework.todo.notDoneBadge')}</Badge>}</p>
      ) : (
        <div className="checkbox">
          <input
            id={checkboxId}
            type="checkbox"
            className="checkbox__input"
            checked={done}
            onChange={(event) => tick.mutate(event.target.checked)}
          />
          <label htmlFor={checkboxId} className="checkbox__label">
            {t('homework.todo.done')}
            <span className="visually-hidden"> — {item.subjectName}, {formatDay(item.dueOn, i18n.language, 'medium')}</span>
          </label>
        </div>
      )}
      <LiveRegion>
        {tick.isError ? (
          <Alert tone="error">
            <p>{errorText(tick.error, t)}</p>
          </Alert>
        ) : notice ? (
          <p className="visually-hidden">{notice}</p>
        ) : null}
      </LiveRegion>
      {item.handInOnline ? <HandIn item={item} readOnly={readOnly} onHandedIn={() => setDone(true)} /> : null}
    </article>
  );
}

function submissionStatus(submission: SubmissionSummary | null, t: (key: string, options?: Record<string, unknown>) => string, language: string) {
  if (!submission?.submittedAt) return t('homework.handIn.notYet');
  return t('homework.handIn.submittedAt', { date: formatInstant(submission.submittedAt, language) });
}

/** `onHandedIn`: the server ticked "fait" with the hand-in; the card's box follows. */
function HandIn({ item, readOnly, onHandedIn }: { item: TodoItem; readOnly: boolean; onHandedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [submission, setSubmission] = useState<SubmissionSummary | null>(item.submission);
  const [text, setText] = useState(item.submission?.text ?? '');
  const [message, setMessage] = useState('');
  const [fileError, setFileError] = useState('');
  const done = (summary: SubmissionSummary, note: string) => {
    setSubmission(summary);
    setMessage(note);
    if (summary.files.length > 0 || summary.text) onHandedIn();
    void queryClient.invalidateQueries({ queryKey: homeworkKeys.todoLists });
  };
  const sendFile = useMutation({
    mutationFn: (file: File) => homeworkApi.submitFile(item.id, file),
    onSuccess: (summary, file) => {
      if (input.current) input.current.value = '';
      done(summary, t('homework.handIn.fileAdded', { name: file.name, count: summary.files.length }));
    },
  });
  const sendText = useMutation({
    mutationFn: () => homeworkApi.submitText(item.id, text),
    onSuccess: (summary) => done(summary, t('homework.handIn.textSaved')),
  });
  const remove = useMutation({
    mutationFn: (fileId: string) => homeworkApi.removeFile(item.id, fileId),
    onSuccess: (summary) => done(summary, t('homework.handIn.fileRemoved')),
  });
  const error = sendFile.error ?? sendText.error ?? remove.error;
  const canSubmit = item.canSubmit && !submission?.returnedAt;
  const handedFiles = submission?.files ?? [];
  // Not a landmark (no <section> with a name): two homeworks of one subject due the same day made two regions of the same name.
  return (
    <div className="hand-in">
      <h5 id={`${id}-title`} className="hand-in__title">
        {t('homework.handIn.title')}
      </h5>
      <p>
        {submissionStatus(submission, t, i18n.language)}
        {submission?.late ? (
          <>
            {' '}
            <Badge tone="warning">{t('homework.handIn.late')}</Badge>
          </>
        ) : null}
      </p>
      {submission?.text && !canSubmit ? <p className="hand-in__text">{submission.text}</p> : null}
      {handedFiles.length > 0 ? <p className="hand-in__files-title">{t('homework.handIn.filesHanded', { count: handedFiles.length })}</p> : null}
      <FileList files={handedFiles} onRemove={canSubmit && !readOnly ? (file) => remove.mutate(file.id) : undefined} />
      {canSubmit && !readOnly ? (
        <div className="stack">
          <form
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              const file = input.current?.files?.[0];
              if (!file) {
                setFileError(t('homework.fileRequired'));
                return;
              }
              setFileError('');
              sendFile.mutate(file);
            }}
            noValidate
          >
            {/* Once a file is in, say plainly that the next one is added, not swapped. */}
            <FileField
              label={handedFiles.length > 0 ? t('homework.handIn.anotherFile') : t('homework.handIn.file')}
              description={handedFiles.length > 0 ? t('homework.handIn.addsNotReplaces') : undefined}
              inputRef={input}
              error={fileError || undefined}
            />
            <div className="form__actions">
              <Button type="submit" variant="secondary" isPending={sendFile.isPending}>
                {handedFiles.length > 0 ? t('homework.handIn.addFile') : t('homework.handIn.sendFile')}
              </Button>
            </div>
          </form>
          <form
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              sendText.mutate();
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-text`} className="field__label">
                {t('homework.handIn.text')}
              </label>
              {submission?.text ? (
                <p id={`${id}-text-help`} className="field__description">
                  {t('homework.handIn.textReplaces')}
                </p>
              ) : null}
              <textarea
                id={`${id}-text`}
                className="field__input"
                rows={4}
                value={text}
                maxLength={20000}
                onChange={(e) => setText(e.target.value)}
                aria-describedby={submission?.text ? `${id}-text-help` : undefined}
              />
            </div>
            <div className="form__actions">
              <Button type="submit" variant="secondary" isPending={sendText.isPending}>
                {submission?.text ? t('homework.handIn.updateText') : t('homework.handIn.sendText')}
              </Button>
            </div>
          </form>
        </div>
      ) : null}
      {submission?.returnedAt ? (
        <div className="hand-in__return">
          <p>
            <strong>{t('homework.handIn.returned', { date: formatInstant(submission.returnedAt, i18n.language) })}</strong>
          </p>
          {submission.returnComment ? <p className="hand-in__comment">{submission.returnComment}</p> : null}
          <FileList files={submission.returnedFiles} />
        </div>
      ) : null}
      <LiveRegion>
        {error ? (
          <Alert tone="error">
            <p>{errorText(error, t)}</p>
          </Alert>
        ) : message ? (
          <p className="tt-notice">{message}</p>
        ) : null}
      </LiveRegion>
    </div>
  );
}
