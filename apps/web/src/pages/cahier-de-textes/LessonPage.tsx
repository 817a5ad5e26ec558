import { HomeworkInput, LessonEntryInput, LessonLink, type Occurrence, type LessonEntry } from '@preau/contracts';
import { z } from 'zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useCurrentUser } from '../../session/current-user.ts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { homeworkApi } from '../../api/homework-api.ts';
import { isApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { validate, type FieldErrors } from '../../lib/form-validation.ts';
import { formatDay, formatInstant, isIsoDate, nextSchoolDay } from '../emploi-du-temps/dates.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { FileList } from './FileList.tsx';
import { RichText } from '../../components/RichText.tsx';
import { RichTextEditor } from '../../components/RichTextEditor.tsx';
import { FileField } from '../../components/FileField.tsx';
import { homeworkKeys, useLesson, useVisas } from './homework-queries.ts';
import { timetableKeys, useSchedule } from '../emploi-du-temps/timetable-queries.ts';
import { HomeworkBreadcrumb } from './HomeworkBreadcrumb.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** Text of a rich-text value, to tell an empty editor (`<p></p>`) from a written one. */
function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').trim();
}

/**
 * The contract of an entry, and what the page checks besides for the session
 * of `date`: a link with an address after its scheme, a written instruction,
 * due after the session.
 */
function entrySchema(date: string) {
  return LessonEntryInput.extend({
    links: z.array(LessonLink.extend({ url: LessonLink.shape.url.regex(/^https?:\/\/\S+$/i) })).max(10),
    homework: HomeworkInput.refine((homework) => plainText(homework.descriptionHtml) !== '', { path: ['descriptionHtml'] })
      .refine((homework) => homework.dueOn > date, { path: ['dueOn'] })
      .nullable(),
  });
}

const entryMessages = {
  'links.*.url': 'homework.lesson.linkInvalid',
  'homework.descriptionHtml': 'homework.lesson.descriptionRequired',
  'homework.dueOn': 'homework.lesson.dueAfterSession',
  'homework.estimatedMinutes': 'homework.lesson.minutesInvalid',
};

/** /cahier-de-textes/seance/:courseId/:date — the entry of one session: the teacher writes it, the others read it. */
export function LessonPage() {
  const { courseId = '', date = '' } = useParams();
  const { t, i18n } = useTranslation();
  const valid = /^[0-9a-f-]{36}$/i.test(courseId) && isIsoDate(date);
  const entry = useLesson(courseId, date, valid);
  // The session as the teacher's own timetable shows it (to know whether he may write, and what it is).
  const session = useSchedule(valid ? { kind: 'me' } : undefined, date, date, { retry: false });
  const occurrence = session.data?.items.find((o) => o.courseId === courseId && o.originalDate === date);
  // A session with no entry yet, in a period the head has signed, can no longer be filled in.
  const visaTarget = occurrence && entry.data === null && occurrence.canWriteLesson ? occurrence.target : undefined;
  const visas = useVisas(visaTarget ? (visaTarget.kind === 'CLASS' ? { classId: visaTarget.id } : { groupId: visaTarget.id }) : undefined);
  if (!valid) return <NotFoundPage />;
  if (entry.isPending || session.isPending || (visaTarget && visas.isPending)) return <Loading />;
  if (entry.isError) return <QueryError error={entry.error} onRetry={() => void entry.refetch()} />;
  const signedEmpty = visas.data?.items.find((v) => v.from <= date && v.to >= date);
  const canWrite = entry.data ? entry.data.canEdit : Boolean(occurrence?.canWriteLesson) && !signedEmpty;
  const subject = entry.data?.subjectName ?? occurrence?.subjectName;
  const target = entry.data?.target.name ?? occurrence?.target.name;
  if (!entry.data && !canWrite && !occurrence) return <NotFoundPage />;
  const title = subject ? t('homework.lesson.title', { subject, target }) : t('homework.lesson.titlePlain');
  return (
    <>
      <PageHeader
        title={title}
        before={<HomeworkBreadcrumb current={formatDay(date, i18n.language, 'medium')} />}
        subtitle={
          <p>
            {formatDay(date, i18n.language, 'long')}
            {occurrence ? ` · ${occurrence.start}–${occurrence.end}` : ''}
            {entry.data ? ` · ${t('homework.lesson.author', { name: entry.data.author.displayName })}` : ''}
          </p>
        }
      />
      {canWrite ? (
        <LessonForm courseId={courseId} date={date} entry={entry.data ?? null} occurrence={occurrence} />
      ) : entry.data ? (
        <LessonView entry={entry.data} />
      ) : signedEmpty ? (
        <Alert tone="info">
          <p>{t('homework.lock.emptySession', { name: signedEmpty.signedBy.displayName })}</p>
        </Alert>
      ) : (
        <p>{t('homework.lesson.empty')}</p>
      )}
    </>
  );
}

/** Read view of an entry (students, parents, staff). */
export function LessonView({ entry, headingLevel = 2 }: { entry: LessonEntry; headingLevel?: 2 | 3 | 4 | 5 }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="stack lesson-view">
      {entry.visa ? (
        <p>
          <Badge tone="success">{t('homework.visa.badge')}</Badge>{' '}
          {t('homework.visa.signed', { name: entry.visa.signedBy.displayName, date: formatInstant(entry.visa.signedAt, i18n.language) })}
          {entry.author.id === me.id ? <> {t('homework.lock.readOnly')}</> : null}
        </p>
      ) : null}
      {entry.title ? <Heading className="lesson-view__title">{entry.title}</Heading> : null}
      {entry.contentHtml ? <RichText html={entry.contentHtml} /> : <p className="muted">{t('homework.lesson.noContent')}</p>}
      {entry.links.length > 0 ? (
        <ul className="plain-list">
          {entry.links.map((link) => (
            <li key={link.url}>
              <a href={link.url} rel="noopener noreferrer" target="_blank">
                {link.label}
                <span className="visually-hidden"> {t('homework.newWindow')}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <FileList files={entry.attachments} />
      {entry.homework ? (
        <div className="homework-box">
          <p className="homework-box__title">
            <strong>{t('homework.todo.label')}</strong> — {t('homework.todo.due', { day: formatDay(entry.homework.dueOn, i18n.language, 'medium') })}
            {entry.homework.estimatedMinutes ? ` · ${t('homework.todo.minutes', { count: entry.homework.estimatedMinutes })}` : ''}
            {entry.homework.handInOnline ? ` · ${t('homework.todo.online')}` : ''}
          </p>
          <RichText html={entry.homework.descriptionHtml} />
        </div>
      ) : null}
      <p className="muted">
        {t('homework.lesson.updated', { date: formatInstant(entry.updatedAt, i18n.language), version: entry.version })}
        {/* The versions are the school's control (the server refuses them to pupils and parents). */}
        {me.profile !== 'ELEVE' && me.profile !== 'PARENT' ? (
          <>
            {' '}
            <Link to={`/cahier-de-textes/historique/${entry.id}`}>{t('homework.history.link')}</Link>
          </>
        ) : null}
      </p>
    </div>
  );
}

interface LessonFormProps {
  courseId: string;
  date: string;
  entry: LessonEntry | null;
  occurrence: Occurrence | undefined;
}

/** The teacher's form: content, links, attachments and optional homework. */
function LessonForm({ courseId, date, entry, occurrence }: LessonFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(entry?.title ?? '');
  const [content, setContent] = useState(entry?.contentHtml ?? '');
  const [links, setLinks] = useState<LessonLink[]>(entry?.links ?? []);
  const [hasHomework, setHasHomework] = useState(entry?.homework !== null && entry !== null);
  const [description, setDescription] = useState(entry?.homework?.descriptionHtml ?? '');
  const [dueOn, setDueOn] = useState(entry?.homework?.dueOn ?? nextSchoolDay(date));
  const [minutes, setMinutes] = useState(entry?.homework?.estimatedMinutes ? String(entry.homework.estimatedMinutes) : '');
  const [online, setOnline] = useState(entry?.homework?.handInOnline ?? false);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState('');
  const save = useMutation({
    mutationFn: (body: LessonEntryInput) => homeworkApi.saveLesson(courseId, date, body),
    onSuccess: async (data) => {
      queryClient.setQueryData(homeworkKeys.lesson(courseId, date), data);
      setSaved(t('homework.lesson.saved'));
      await queryClient.invalidateQueries({ queryKey: timetableKeys.all });
      await queryClient.invalidateQueries({ queryKey: homeworkKeys.lessonLists });
    },
  });
  const serverFields = (save.error && isApiError(save.error) ? save.error.fields : undefined) ?? {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved('');
    const checked = validate(
      entrySchema(date),
      {
        title,
        contentHtml: content,
        links: links.map((l) => ({ url: l.url.trim(), label: l.label.trim() || l.url.trim() })),
        homework: hasHomework
          ? { descriptionHtml: description, dueOn, estimatedMinutes: minutes.trim() ? Number(minutes) : null, handInOnline: online }
          : null,
      },
      t,
      entryMessages,
    );
    setClientErrors(checked.errors ?? {});
    if (checked.data) save.mutate(checked.data);
  };
  const current = save.data ?? entry;
  const errorCount = Object.keys(clientErrors).length;
  return (
    <div className="stack">
      <Card title={t('homework.lesson.formTitle')}>
        <form className="form" onSubmit={submit} noValidate>
          <TextField
            label={t('homework.lesson.titleField')}
            value={title}
            onChange={setTitle}
            maxLength={200}
            description={t('homework.lesson.optional')}
            error={clientErrors.title}
          />
          <RichTextEditor label={t('homework.lesson.content')} initialHtml={content} onChange={setContent} error={clientErrors.contentHtml} />
          <fieldset className="fieldset">
            <legend className="form__section-title">{t('homework.lesson.links')}</legend>
            {links.map((link, index) => (
              <div key={index} className="lesson-link-row">
                <TextField
                  label={t('homework.lesson.linkLabel', { n: index + 1 })}
                  value={link.label}
                  onChange={(value) => setLinks(links.map((l, i) => (i === index ? { ...l, label: value } : l)))}
                  maxLength={200}
                />
                <TextField
                  label={t('homework.lesson.linkUrl', { n: index + 1 })}
                  type="url"
                  value={link.url}
                  onChange={(value) => setLinks(links.map((l, i) => (i === index ? { ...l, url: value } : l)))}
                  error={clientErrors[`links.${index}.url`] ?? serverFields[`links.${index}.url`]}
                />
                <Button variant="ghost" size="small" onPress={() => setLinks(links.filter((_, i) => i !== index))}>
                  {t('homework.lesson.removeLink', { n: index + 1 })}
                </Button>
              </div>
            ))}
            {links.length < 10 ? (
              <Button variant="secondary" size="small" onPress={() => setLinks([...links, { url: 'https://', label: '' }])}>
                {t('homework.lesson.addLink')}
              </Button>
            ) : null}
          </fieldset>
          <fieldset className="fieldset">
            <legend className="form__section-title">{t('homework.todo.label')}</legend>
            <CheckboxField label={t('homework.lesson.setHomework')} checked={hasHomework} onChange={setHasHomework} />
            {hasHomework ? (
              <div className="form">
                <RichTextEditor
                  label={t('homework.lesson.description')}
                  initialHtml={description}
                  onChange={setDescription}
                  error={clientErrors['homework.descriptionHtml'] ?? (serverFields['homework.descriptionHtml'] ? t('homework.lesson.descriptionRequired') : undefined)}
                />
                <div className="tt-form-row">
                  <TextField
                    label={t('homework.lesson.dueOn')}
                    type="date"
                    value={dueOn}
                    onChange={setDueOn}
                    isRequired
                    error={clientErrors['homework.dueOn'] ?? (serverFields['homework.dueOn'] ? t('homework.lesson.dueAfterSession') : undefined)}
                  />
                  <TextField
                    label={t('homework.lesson.minutes')}
                    description={t('homework.lesson.optional')}
                    type="number"
                    inputMode="numeric"
                    value={minutes}
                    onChange={setMinutes}
                    error={clientErrors['homework.estimatedMinutes']}
                  />
                </div>
                <CheckboxField label={t('homework.lesson.online')} checked={online} onChange={setOnline} />
              </div>
            ) : null}
          </fieldset>
          <LiveRegion politeness={save.isError || errorCount > 0 ? 'assertive' : 'polite'}>
            {errorCount > 0 ? (
              <Alert tone="error">
                <p>{t('homework.lesson.fixErrors', { count: errorCount })}</p>
              </Alert>
            ) : null}
            <ErrorAlert error={save.error} />
            {saved ? <Alert tone="success" title={saved} /> : null}
          </LiveRegion>
          <div className="form__actions">
            <Button type="submit" isPending={save.isPending}>
              {t('homework.lesson.save')}
            </Button>
            {occurrence ? <Link to={`/emploi-du-temps?date=${date}`}>{t('homework.lesson.backToTimetable')}</Link> : null}
          </div>
        </form>
      </Card>
      {current ? <AttachmentsCard entry={current} courseId={courseId} date={date} /> : null}
      {current?.homework?.handInOnline ? (
        <p>
          <Link to={`/cahier-de-textes/devoirs/${current.homework.id}/rendus`}>{t('homework.board.link')}</Link>
        </p>
      ) : null}
      {current ? (
        <p>
          <Link to={`/cahier-de-textes/historique/${current.id}`}>{t('homework.history.link')}</Link>
        </p>
      ) : null}
    </div>
  );
}

function AttachmentsCard({ entry, courseId, date }: { entry: LessonEntry; courseId: string; date: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState('');
  const attach = useMutation({
    mutationFn: (file: File) => homeworkApi.attach(entry.id, file),
    onSuccess: async (file) => {
      setMessage(t('homework.lesson.attached', { name: file.filename }));
      if (input.current) input.current.value = '';
      await queryClient.invalidateQueries({ queryKey: homeworkKeys.lesson(courseId, date) });
    },
  });
  const files = queryClient.getQueryData<LessonEntry | null>(homeworkKeys.lesson(courseId, date))?.attachments ?? entry.attachments;
  return (
    <Card title={t('homework.lesson.attachments')}>
      <div className="stack">
        <FileList files={files} />
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            const file = input.current?.files?.[0];
            if (file) attach.mutate(file);
            else setMessage(t('homework.fileRequired'));
          }}
        >
          <FileField label={t('homework.lesson.attachFile')} inputRef={input} />
          <div className="form__actions">
            <Button type="submit" variant="secondary" isPending={attach.isPending}>
              {t('homework.lesson.attach')}
            </Button>
          </div>
        </form>
        <LiveRegion>
          {attach.isError ? (
            <Alert tone="error">
              <p>{errorText(attach.error, t)}</p>
            </Alert>
          ) : message ? (
            <p>{message}</p>
          ) : null}
        </LiveRegion>
      </div>
    </Card>
  );
}
