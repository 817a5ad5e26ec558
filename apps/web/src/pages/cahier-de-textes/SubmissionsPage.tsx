import { ReturnInput, type SubmissionBoard } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { homeworkApi } from '../../api/homework-api.ts';
import { isApiError } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { Alert } from '../../components/Alert.tsx';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { errorText } from '../../lib/error-text.ts';
import { validate } from '../../lib/form-validation.ts';
import { formatDay, formatInstant } from '../emploi-du-temps/dates.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { FileList } from './FileList.tsx';
import { RichText } from '../../components/RichText.tsx';
import { FileField } from '../../components/FileField.tsx';
import { homeworkKeys, useSubmissionBoard } from './homework-queries.ts';
import { FieldErrorText } from '../../components/FieldErrorText.tsx';
import { HomeworkBreadcrumb } from './HomeworkBreadcrumb.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

type Row = SubmissionBoard['items'][number];

/** /cahier-de-textes/devoirs/:id/rendus — the teacher's board of hand-ins: who handed in what, late, download all, return with a comment. */
export function SubmissionsPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const board = useSubmissionBoard(id, valid);
  const [returning, setReturning] = useState<Row | null>(null);
  const [notice, setNotice] = useState('');
  const [zipError, setZipError] = useState<unknown>(null);
  const [zipPending, setZipPending] = useState(false);
  if (!valid || (board.isError && isApiError(board.error, 'NOT_FOUND', 'FORBIDDEN'))) return <NotFoundPage />;
  if (board.isPending) return <Loading />;
  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;
  const { homework, items } = board.data;
  const handedIn = items.filter((r) => r.submission?.submittedAt).length;
  const downloadAll = async () => {
    setZipError(null);
    setZipPending(true);
    try {
      await downloadFile(`/homework/${id}/submissions.zip`, 'rendus.zip');
      setNotice(t('homework.board.downloaded'));
    } catch (error) {
      setZipError(error);
    } finally {
      setZipPending(false);
    }
  };
  return (
    <>
      <PageHeader
        title={t('homework.board.title', { subject: homework.subjectName, target: homework.target.name })}
        before={
          <HomeworkBreadcrumb
            between={[
              { to: `/cahier-de-textes/seance/${homework.courseId}/${homework.givenOn}`, label: formatDay(homework.givenOn, i18n.language, 'medium') },
            ]}
            current={t('homework.board.crumb')}
          />
        }
        subtitle={
          <p>
            {t('homework.todo.due', { day: formatDay(homework.dueOn, i18n.language, 'long') })} ·{' '}
            {t('homework.board.count', { count: handedIn, total: items.length })}
          </p>
        }
        actions={
          <Button variant="secondary" onPress={() => void downloadAll()} isPending={zipPending} isDisabled={handedIn === 0}>
            {t('homework.board.zip')}
          </Button>
        }
      />
      <div className="stack">
        <div className="card">
          <RichText html={homework.descriptionHtml} />
        </div>
        <LiveRegion>
          {zipError ? (
            <Alert tone="error">
              <p>{errorText(zipError, t)}</p>
            </Alert>
          ) : notice ? (
            <Alert tone="success" title={notice} />
          ) : null}
        </LiveRegion>
        <DataTable
          label={t('homework.board.tableLabel')}
          caption={t('homework.board.caption', { subject: homework.subjectName, target: homework.target.name })}
          columns={[
            { label: t('homework.board.student') },
            { label: t('homework.board.status') },
            { label: t('homework.board.work') },
            { label: t('homework.board.return') },
          ]}
        >
          {items.map((row) => {
            const s = row.submission;
            return (
              <tr key={row.student.id}>
                <th scope="row">{row.student.displayName}</th>
                <td>
                  {s?.submittedAt ? (
                    <>
                      {t('homework.board.handedIn', { date: formatInstant(s.submittedAt, i18n.language) })}
                      {s.late ? (
                        <>
                          {' '}
                          <Badge tone="warning">{t('homework.handIn.late')}</Badge>
                        </>
                      ) : null}
                    </>
                  ) : (
                    <Badge>{t('homework.board.notHandedIn')}</Badge>
                  )}
                </td>
                <td>
                  {s?.text ? <p className="hand-in__text">{s.text}</p> : null}
                  <FileList files={s?.files ?? []} />
                </td>
                <td>
                  {s?.returnedAt ? (
                    <>
                      <Badge tone="success">{t('homework.board.returned')}</Badge>
                      {s.returnComment ? <p className="hand-in__comment">{s.returnComment}</p> : null}
                      <FileList files={s.returnedFiles} />
                    </>
                  ) : s?.submittedAt ? (
                    <Button size="small" variant="secondary" onPress={() => { setNotice(''); setReturning(row); }}>
                      {t('homework.board.returnButton')}
                      <span className="visually-hidden"> — {row.student.displayName}</span>
                    </Button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </div>
      <ModalDialog
        isOpen={returning !== null}
        onOpenChange={(open) => (open ? undefined : setReturning(null))}
        title={returning ? t('homework.board.returnTitle', { name: returning.student.displayName }) : ''}
      >
        {returning?.submission ? (
          <ReturnForm
            submissionId={returning.submission.id}
            onClose={() => setReturning(null)}
            onDone={async () => {
              const name = returning.student.displayName;
              setReturning(null);
              await board.refetch();
              setNotice(t('homework.board.returnedTo', { name }));
            }}
          />
        ) : null}
      </ModalDialog>
    </>
  );
}

function ReturnForm({ submissionId, onClose, onDone }: { submissionId: string; onClose: () => void; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const send = useMutation({
    mutationFn: async (text: string) => {
      const file = input.current?.files?.[0];
      if (file) await homeworkApi.addReturnFile(submissionId, file);
      return homeworkApi.returnSubmission(submissionId, text);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: homeworkKeys.todoLists });
      await onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(ReturnInput, { comment }, t, { comment: 'homework.board.commentRequired' });
    setError(checked.errors?.comment ?? '');
    if (checked.data) send.mutate(checked.data.comment);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-comment`} className="field__label">
          {t('homework.board.comment')}
        </label>
        <textarea
          id={`${id}-comment`}
          className="field__input"
          rows={5}
          value={comment}
          maxLength={5000}
          onChange={(e) => setComment(e.target.value)}
          aria-required="true"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <FieldErrorText id={`${id}-error`} error={error} />
      </div>
      <FileField label={t('homework.board.annotated')} inputRef={input} />
      <LiveRegion politeness="assertive">
        <ErrorAlert error={send.error} />
      </LiveRegion>
      <div className="form__actions">
        <Button type="submit" isPending={send.isPending}>
          {t('homework.board.send')}
        </Button>
        <Button variant="secondary" onPress={onClose}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
