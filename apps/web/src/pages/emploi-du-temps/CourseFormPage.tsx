import { CourseInput, type Course, type CourseFormOptions, type WeekRule } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error.ts';
import { timetableApi } from '../../api/timetable-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { issueFields } from '../../lib/form-validation.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { targetLabel, targetOptions, type CoursesNotice } from './CoursesPage.tsx';
import { manageableStructures } from './roles.ts';
import { timetableKeys, useCourse, useCourseFormOptions } from './timetable-queries.ts';
import { FieldErrorText } from '../../components/FieldErrorText.tsx';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

const MAX_TEACHERS = 5;
const MAX_PERIODS = 20;
const WEEKDAYS = [1, 2, 3, 4, 5, 6] as const;
const WEEK_RULES: readonly WeekRule[] = ['ALL', 'A', 'B', 'PERIODS'];

/** The form's own state: strings as the inputs hold them. */
interface Draft {
  subjectCode: string;
  teacherIds: string[];
  target: string;
  room: string;
  weekday: string;
  start: string;
  end: string;
  weeks: WeekRule;
  periods: Array<{ from: string; to: string }>;
}

type FieldName = 'subject' | 'teachers' | 'target' | 'room' | 'weekday' | 'start' | 'end' | 'periods';
type FieldErrors = Partial<Record<FieldName, string>>;

function draftOf(course: Course | undefined, target: string): Draft {
  if (!course) {
    return { subjectCode: '', teacherIds: [''], target, room: '', weekday: '1', start: '08:00', end: '09:00', weeks: 'ALL', periods: [] };
  }
  return {
    subjectCode: course.subjectCode,
    teacherIds: course.teachers.length > 0 ? course.teachers.map((p) => p.id) : [''],
    target: `${course.target.kind === 'CLASS' ? 'class' : 'group'}:${course.target.id}`,
    room: course.room ?? '',
    weekday: String(course.weekday),
    start: course.start,
    end: course.end,
    weeks: course.weeks,
    periods: course.periods.map((p) => ({ ...p })),
  };
}

/**
 * What the contract refuses, checked before sending and worded as the
 * server's answer is; plus a teacher chosen twice (the contract takes ids).
 */
function checkDraft(draft: Draft, t: TFunction): FieldErrors {
  const checked = issueFields(CourseInput, inputOf(draft));
  const errors = checked.fields ? fieldErrors(checked.fields, t) : {};
  const teachers = draft.teacherIds.filter(Boolean);
  if (new Set(teachers).size !== teachers.length) errors.teachers = t('timetable.courses.form.errors.teachers');
  return errors;
}

/** The server's per-field problems (`fields` of VALIDATION_FAILED or INVALID_REFERENCE), in words. */
function serverFieldErrors(error: unknown, t: TFunction): FieldErrors {
  if (!isApiError(error, 'VALIDATION_FAILED', 'INVALID_REFERENCE') || !error.fields) return {};
  return fieldErrors(error.fields, t);
}

/** Per-field problems (path → issue code), in words. */
function fieldErrors(fields: Record<string, string>, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, problem] of Object.entries(fields)) {
    const key = path.split('.')[0];
    if (key === 'subjectCode') errors.subject = t('timetable.courses.form.errors.subject');
    else if (key === 'teacherIds') errors.teachers = t('timetable.courses.form.errors.teachers');
    else if (key === 'classId' || key === 'groupId') errors.target = t('timetable.courses.form.errors.target');
    else if (key === 'room') errors.room = t('timetable.courses.form.errors.room');
    else if (key === 'weekday') errors.weekday = t('timetable.courses.form.errors.weekday');
    else if (key === 'start') errors.start = t('timetable.courses.form.errors.time');
    else if (key === 'end') errors.end = t(problem === 'custom' ? 'timetable.courses.form.errors.endBeforeStart' : 'timetable.courses.form.errors.time');
    else if (key === 'periods') errors.periods = t('timetable.courses.form.errors.periods');
  }
  return errors;
}

function inputOf(draft: Draft): CourseInput {
  const [kind, id] = draft.target.split(':');
  return {
    subjectCode: draft.subjectCode,
    teacherIds: draft.teacherIds.filter(Boolean),
    classId: kind === 'class' ? (id ?? null) : null,
    groupId: kind === 'group' ? (id ?? null) : null,
    room: draft.room.trim() || null,
    weekday: Number(draft.weekday),
    start: draft.start,
    end: draft.end,
    weeks: draft.weeks,
    periods: draft.weeks === 'PERIODS' ? draft.periods : [],
  };
}

/** /emploi-du-temps/cours/nouveau and /emploi-du-temps/cours/:id: staff create, edit or delete one course. */
export function CourseFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const me = useCurrentUser();
  const managed = manageableStructures(me);
  const course = useCourse(id);
  const wanted = params.get('etablissement');
  const structureId = id ? course.data?.structureId : (managed.find((s) => s.id === wanted)?.id ?? managed[0]?.id);
  const options = useCourseFormOptions(structureId);
  const title = id ? t('timetable.courses.form.editTitle') : t('timetable.courses.form.newTitle');
  const ready = options.isSuccess && (id === undefined || course.isSuccess);

  return (
    <>
      <PageHeader
        title={title}
        before={
          <Breadcrumb
            label={t('timetable.courses.breadcrumb')}
            trail={[
              { to: '/emploi-du-temps', label: t('timetable.title') },
              { to: structureId ? `/emploi-du-temps/cours?etablissement=${encodeURIComponent(structureId)}` : '/emploi-du-temps/cours', label: t('timetable.courses.title') },
            ]}
            current={title}
          />
        }
      />
      {!id && managed.length === 0 ? (
        <Alert tone="info">
          <p>{t('timetable.courses.forbidden')}</p>
        </Alert>
      ) : null}
      {course.isError ? <QueryError error={course.error} onRetry={() => void course.refetch()} /> : null}
      {options.isError ? <QueryError error={options.error} onRetry={() => void options.refetch()} /> : null}
      {(course.isLoading || options.isLoading) && !ready ? <Loading /> : null}
      {ready && structureId ? (
        <CourseForm
          key={course.data?.id ?? 'new'}
          structureId={structureId}
          course={course.data}
          options={options.data}
          initialTarget={params.get('classe') ?? ''}
        />
      ) : null}
    </>
  );
}

interface CourseFormProps {
  structureId: string;
  course: Course | undefined;
  options: CourseFormOptions;
  initialTarget: string;
}

function CourseForm({ structureId, course, options, initialTarget }: CourseFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const summary = useRef<HTMLDivElement>(null);
  const periodsErrorId = useId();
  const targets = targetOptions(options, t);
  const [draft, setDraft] = useState<Draft>(() => draftOf(course, targets.some((o) => o.value === initialTarget) ? initialTarget : ''));
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const listPath = (saved: Course) => `/emploi-du-temps/cours?${new URLSearchParams({ etablissement: structureId, classe: `${saved.target.kind === 'CLASS' ? 'class' : 'group'}:${saved.target.id}` }).toString()}`;
  const describe = (c: Course) => ({
    subject: c.subjectName,
    target: targetLabel(c, t),
    day: t(`timetable.courses.weekdays.${c.weekday}`),
    start: c.start,
    end: c.end,
  });

  const save = useMutation({
    mutationFn: (body: CourseInput) => (course ? timetableApi.updateCourse(course.id, body) : timetableApi.createCourse(structureId, body)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: timetableKeys.all });
      const state: CoursesNotice = { notice: t(course ? 'timetable.courses.form.saved' : 'timetable.courses.form.created', describe(saved)) };
      void navigate(listPath(saved), { state });
    },
    onError: () => summary.current?.focus(),
  });
  const remove = useMutation({
    mutationFn: () => timetableApi.deleteCourse(course!.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: timetableKeys.all });
      const state: CoursesNotice = { notice: t('timetable.courses.form.deleted', { subject: course!.subjectName }) };
      void navigate(`/emploi-du-temps/cours?etablissement=${encodeURIComponent(structureId)}`, { state });
    },
    onError: () => setConfirmDelete(false),
  });

  const errors: FieldErrors = { ...serverFieldErrors(save.error, t), ...localErrors };
  const errorCount = Object.keys(errors).length;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkDraft(draft, t);
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      save.reset();
      // Wait for the summary to render before moving the focus to it.
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    save.mutate(inputOf(draft));
  };

  const showSummary = errorCount > 0 || save.isError;
  return (
    <div className="card">
      <div ref={summary} tabIndex={-1} className="course-form__summary">
        {showSummary ? (
          <Alert tone="error" title={errorCount > 0 ? t('timetable.courses.form.fixErrors', { count: errorCount }) : undefined}>
            {save.isError ? <p>{errorText(save.error, t)}</p> : null}
          </Alert>
        ) : null}
      </div>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={remove.error} />
      </LiveRegion>
      <form className="form" onSubmit={submit} noValidate>
        <p className="form__note">{t('common.requiredNote')}</p>
        <SelectField
          label={t('timetable.courses.form.subject')}
          value={draft.subjectCode}
          onChange={(v) => set('subjectCode', v)}
          emptyOption={t('common.choose')}
          options={options.subjects.map((s) => ({ value: s.code, label: s.name }))}
          error={errors.subject}
          isRequired
        />
        <fieldset className="fieldset">
          <legend className="field__label">{t('timetable.courses.teachers')}</legend>
          {draft.teacherIds.map((teacherId, index) => (
            <div className="tt-form-row" key={index}>
              <SelectField
                label={t('timetable.courses.form.teacher', { n: index + 1 })}
                value={teacherId}
                onChange={(v) => set('teacherIds', draft.teacherIds.map((x, i) => (i === index ? v : x)))}
                emptyOption={t('common.choose')}
                options={options.teachers.map((p) => ({ value: p.id, label: p.displayName }))}
                error={index === 0 ? errors.teachers : undefined}
                isRequired={index === 0}
              />
              {index > 0 ? (
                <div className="form__actions">
                  <Button variant="secondary" size="small" onPress={() => set('teacherIds', draft.teacherIds.filter((_, i) => i !== index))}>
                    {t('timetable.courses.form.removeTeacher', { n: index + 1 })}
                  </Button>
                </div>
              ) : null}
            </div>
          ))}
          {draft.teacherIds.length < MAX_TEACHERS ? (
            <div className="form__actions">
              <Button variant="secondary" size="small" onPress={() => set('teacherIds', [...draft.teacherIds, ''])}>
                {t('timetable.courses.form.addTeacher')}
              </Button>
            </div>
          ) : null}
        </fieldset>
        <SelectField
          label={t('timetable.courses.form.target')}
          value={draft.target}
          onChange={(v) => set('target', v)}
          emptyOption={t('common.choose')}
          options={targets}
          error={errors.target}
          isRequired
        />
        <TextField label={t('timetable.courses.form.room')} value={draft.room} onChange={(v) => set('room', v)} maxLength={50} error={errors.room} />
        <div className="tt-form-row">
          <SelectField
            label={t('timetable.courses.form.weekday')}
            value={draft.weekday}
            onChange={(v) => set('weekday', v)}
            options={WEEKDAYS.map((d) => ({ value: String(d), label: t(`timetable.courses.weekdays.${d}`) }))}
            error={errors.weekday}
            isRequired
          />
          <TextField label={t('timetable.courses.form.start')} type="time" value={draft.start} onChange={(v) => set('start', v)} error={errors.start} isRequired />
          <TextField label={t('timetable.courses.form.end')} type="time" value={draft.end} onChange={(v) => set('end', v)} error={errors.end} isRequired />
        </div>
        <SelectField
          label={t('timetable.courses.form.weeks')}
          value={draft.weeks}
          onChange={(v) => {
            const weeks = v as WeekRule;
            setDraft((d) => ({ ...d, weeks, periods: weeks === 'PERIODS' && d.periods.length === 0 ? [{ from: '', to: '' }] : d.periods }));
          }}
          options={WEEK_RULES.map((w) => ({ value: w, label: t(`timetable.courses.weekRules.${w}`) }))}
          isRequired
        />
        {draft.weeks === 'PERIODS' ? (
          <fieldset className="fieldset">
            <legend className="field__label">{t('timetable.courses.weekRules.PERIODS')}</legend>
            <p className="form__note">{t('timetable.courses.form.periodsHelp')}</p>
            <FieldErrorText id={periodsErrorId} error={errors.periods} />
            {draft.periods.map((period, index) => (
              <div className="tt-form-row" key={index}>
                <TextField
                  label={t('timetable.courses.form.periodFrom', { n: index + 1 })}
                  type="date"
                  aria-describedby={errors.periods ? periodsErrorId : undefined}
                  value={period.from}
                  onChange={(v) => set('periods', draft.periods.map((p, i) => (i === index ? { ...p, from: v } : p)))}
                  isRequired
                />
                <TextField
                  label={t('timetable.courses.form.periodTo', { n: index + 1 })}
                  type="date"
                  aria-describedby={errors.periods ? periodsErrorId : undefined}
                  value={period.to}
                  onChange={(v) => set('periods', draft.periods.map((p, i) => (i === index ? { ...p, to: v } : p)))}
                  isRequired
                />
                <div className="form__actions">
                  <Button variant="secondary" size="small" onPress={() => set('periods', draft.periods.filter((_, i) => i !== index))}>
                    {t('timetable.courses.form.removePeriod', { n: index + 1 })}
                  </Button>
                </div>
              </div>
            ))}
            {draft.periods.length < MAX_PERIODS ? (
              <div className="form__actions">
                <Button variant="secondary" size="small" onPress={() => set('periods', [...draft.periods, { from: '', to: '' }])}>
                  {t('timetable.courses.form.addPeriod')}
                </Button>
              </div>
            ) : null}
          </fieldset>
        ) : null}
        <div className="form__actions">
          <Button type="submit" isPending={save.isPending}>
            {course ? t('timetable.courses.form.save') : t('timetable.courses.form.create')}
          </Button>
          <Link to={`/emploi-du-temps/cours?etablissement=${encodeURIComponent(structureId)}`}>{t('timetable.courses.form.back')}</Link>
          {course ? (
            <Button variant="danger" onPress={() => setConfirmDelete(true)}>
              {t('timetable.courses.form.delete')}
            </Button>
          ) : null}
        </div>
      </form>
      {course ? (
        <ConfirmDialog
          isOpen={confirmDelete}
          onOpenChange={setConfirmDelete}
          title={t('timetable.courses.form.deleteTitle')}
          confirmLabel={t('timetable.courses.form.deleteConfirm')}
          cancelLabel={t('common.cancel')}
          onConfirm={() => remove.mutate()}
          isPending={remove.isPending}
        >
          <p>{t('timetable.courses.form.deleteText', describe(course))}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
