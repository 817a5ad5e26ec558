import type { EvaluationGrid, MarkCell, SpecialMark } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ClipboardEvent, type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { evaluationsApi, evaluationsKeys } from '../../api/evaluations-api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FieldErrorText } from '../../components/FieldErrorText.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { TableContainer } from '../../components/TableContainer.tsx';
import { formatDate, formatMark, specialCodes, specialInput } from './format.ts';
import './notes.css';

type Parsed = { value: number | null; special: SpecialMark | null } | 'invalid';

/** What the teacher typed: a number (comma or point), abs / disp / nn, or nothing (erase). */
function parse(text: string, outOf: number): Parsed {
  const typed = text.trim().toLowerCase();
  if (typed === '') return { value: null, special: null };
  if (specialCodes[typed]) return { value: null, special: specialCodes[typed] };
  if (!/^\d+([.,]\d{1,2})?$/.test(typed)) return 'invalid';
  const value = Number(typed.replace(',', '.'));
  return value <= outOf ? { value, special: null } : 'invalid';
}

function shown(cell: MarkCell, locale: string): string {
  if (cell.special) return specialInput[cell.special];
  return cell.value === null ? '' : cell.value.toLocaleString(locale, { maximumFractionDigits: 2 });
}

/** /notes/evaluations/:id — the grid: one box per student, keyboard first, saved as typed. */
export function GridPage() {
  const { id = '' } = useParams();
  const grid = useQuery({ queryKey: evaluationsKeys.grid(id), queryFn: () => evaluationsApi.grid(id) });
  if (grid.isPending) return <Loading />;
  if (grid.isError) return <QueryError error={grid.error} onRetry={() => void grid.refetch()} />;
  return <Grid data={grid.data} key={grid.data.evaluation.id} />;
}

function Grid({ data }: { data: EvaluationGrid }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const queryClient = useQueryClient();
  const { evaluation } = data;
  const [drafts, setDrafts] = useState<Record<string, string>>(() => Object.fromEntries(data.marks.map((m) => [m.studentId, shown(m, locale)])));
  const [message, setMessage] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  // What was last sent per student: Enter then the blur it causes must not send the same mark twice.
  const sent = useRef<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (marks: { studentId: string; value: number | null; special: SpecialMark | null }[]) => evaluationsApi.putMarks(evaluation.id, { marks }),
    onSuccess: (next, marks) => {
      queryClient.setQueryData(evaluationsKeys.grid(evaluation.id), next);
      const names = marks.map((m) => next.marks.find((c) => c.studentId === m.studentId)?.displayName ?? '');
      setMessage(t('notes.grid.saved', { name: names.join(', ') }));
    },
    onError: (_, marks) => {
      for (const m of marks) delete sent.current[m.studentId];
    },
  });
  const publish = useMutation({
    mutationFn: () => evaluationsApi.publish(evaluation.id),
    onSuccess: async (next) => {
      queryClient.setQueryData(evaluationsKeys.grid(evaluation.id), next);
      await queryClient.invalidateQueries({ queryKey: ['evaluations', 'list'] });
    },
  });
  const current = queryClient.getQueryData<EvaluationGrid>(evaluationsKeys.grid(evaluation.id)) ?? data;

  const commit = (index: number) => {
    const cell = current.marks[index];
    if (!cell) return;
    const text = drafts[cell.studentId] ?? '';
    if (text === (sent.current[cell.studentId] ?? shown(cell, locale))) return;
    const parsed = parse(text, evaluation.outOf);
    if (parsed === 'invalid') {
      setInvalid((v) => ({ ...v, [cell.studentId]: t('notes.grid.invalid', { value: text, outOf: formatMark(evaluation.outOf, locale) }) }));
      return;
    }
    setInvalid(({ [cell.studentId]: _, ...rest }) => rest);
    sent.current[cell.studentId] = text;
    save.mutate([{ studentId: cell.studentId, ...parsed }]);
  };
  const move = (index: number) => inputs.current[Math.max(0, Math.min(index, current.marks.length - 1))]?.focus();
  const onKeyDown = (index: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === 'ArrowDown') {
      event.preventDefault();
      commit(index);
      move(index + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      commit(index);
      move(index - 1);
    }
  };
  // A column pasted from a spreadsheet fills this box and the ones below, saved in one go.
  const onPaste = (index: number) => (event: ClipboardEvent<HTMLInputElement>) => {
    const lines = event.clipboardData.getData('text').replace(/\r/g, '').split('\n');
    if (lines.length < 2) return;
    event.preventDefault();
    const cells = current.marks.slice(index, index + lines.length);
    const parsed = cells.map((c, i) => ({ cell: c, text: lines[i]!.split('\t')[0]!, parsed: parse(lines[i]!.split('\t')[0]!, evaluation.outOf) }));
    setDrafts((d) => ({ ...d, ...Object.fromEntries(parsed.map((p) => [p.cell.studentId, p.text])) }));
    const bad = parsed.filter((p) => p.parsed === 'invalid');
    if (bad.length > 0) {
      setInvalid((v) => ({ ...v, ...Object.fromEntries(bad.map((p) => [p.cell.studentId, t('notes.grid.invalid', { value: p.text, outOf: formatMark(evaluation.outOf, locale) })])) }));
      return;
    }
    save.mutate(parsed.map((p) => ({ studentId: p.cell.studentId, ...(p.parsed as Exclude<Parsed, 'invalid'>) })));
  };
  const stats = current.evaluation.stats;
  const kindPath = evaluation.target.kind === 'CLASS' ? 'classe' : 'groupe';
  return (
    <>
      <PageHeader
        title={evaluation.title}
        before={<Link to={`/notes/${kindPath}/${evaluation.target.id}/${encodeURIComponent(evaluation.subjectCode)}`}>{t('notes.grid.back')}</Link>}
        subtitle={
          <p>
            {evaluation.target.name} · {evaluation.subjectName} · {formatDate(evaluation.givenOn, locale)} · /{formatMark(evaluation.outOf, locale)} ·{' '}
            {t('notes.coefficient', { value: formatMark(evaluation.coefficient, locale) })}
          </p>
        }
      />
      <div className="stack">
        <p className="notes-help" id="grid-help">
          {t('notes.grid.help')}
        </p>
        <p className="notes-stats" aria-live="polite">
          {t('notes.grid.stats', { average: formatMark(stats.average, locale), min: formatMark(stats.min, locale), max: formatMark(stats.max, locale), count: stats.count })}
        </p>
        {!current.isEntryOpen ? <p className="notes-muted">{t('notes.gradebook.entryClosed')}</p> : null}
        <TableContainer label={t('notes.grid.caption')}>
          <table className="table notes-grid">
            <caption className="visually-hidden">{t('notes.grid.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('notes.grid.student')}</th>
                <th scope="col">{t('notes.grid.mark')}</th>
              </tr>
            </thead>
            <tbody>
              {current.marks.map((cell, index) => {
                const error = invalid[cell.studentId];
                const inputId = `mark-${cell.studentId}`;
                return (
                  <tr key={cell.studentId}>
                    <th scope="row">
                      <label htmlFor={inputId}>{cell.displayName}</label>
                    </th>
                    <td>
                      <input
                        id={inputId}
                        ref={(el) => {
                          inputs.current[index] = el;
                        }}
                        className="notes-grid__input"
                        inputMode="decimal"
                        autoComplete="off"
                        disabled={!current.isEntryOpen}
                        value={drafts[cell.studentId] ?? ''}
                        aria-describedby={error ? `${inputId}-error` : 'grid-help'}
                        aria-invalid={error ? true : undefined}
                        onChange={(e) => setDrafts((d) => ({ ...d, [cell.studentId]: e.target.value }))}
                        onBlur={() => commit(index)}
                        onKeyDown={onKeyDown(index)}
                        onPaste={onPaste(index)}
                      />
                      <FieldErrorText id={`${inputId}-error`} error={error} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableContainer>
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        <LiveRegion>{message}</LiveRegion>
        {current.evaluation.publishedAt ? (
          <p className="notes-published">{t('notes.grid.publishedOn')}</p>
        ) : (
          <div>
            <Button onPress={() => publish.mutate()} isPending={publish.isPending}>
              {t('notes.grid.publish')}
            </Button>
            <p className="notes-muted">{t('notes.grid.publishConfirm')}</p>
            {publish.isError ? <ErrorAlert error={publish.error} /> : null}
          </div>
        )}
      </div>
    </>
  );
}
