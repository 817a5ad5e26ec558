import { OccurrenceChangeInput, type Occurrence } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { timetableApi } from '../../api/timetable-api.ts';
import { Button } from '../../components/Button.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { validate, type FieldErrors } from '../../lib/form-validation.ts';
import { formatDay } from './dates.ts';
import { timetableKeys, useCourseFormOptions } from './timetable-queries.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

interface ChangeOccurrenceDialogProps {
  occurrence: Occurrence | null;
  structureId: string | undefined;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Staff change one session: cancel it (or restore it), move it, give it another room or a replacement teacher. */
export function ChangeOccurrenceDialog({ occurrence, structureId, onClose, onDone }: ChangeOccurrenceDialogProps) {
  const { t, i18n } = useTranslation();
  return (
    <ModalDialog
      isOpen={occurrence !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={
        occurrence
          ? t('timetable.changeDialog.title', { subject: occurrence.subjectName, day: formatDay(occurrence.originalDate, i18n.language, 'medium') })
          : ''
      }
    >
      {occurrence ? <ChangeForm occurrence={occurrence} structureId={structureId} onClose={onClose} onDone={onDone} /> : null}
    </ModalDialog>
  );
}

function ChangeForm({ occurrence: o, structureId, onClose, onDone }: ChangeOccurrenceDialogProps & { occurrence: Occurrence }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const replaced = o.original !== null && o.original.teachers.map((p) => p.id).join(',') !== o.teachers.map((p) => p.id).join(',');
  const [cancelled, setCancelled] = useState(o.status === 'CANCELLED');
  const [date, setDate] = useState(o.date);
  const [start, setStart] = useState(o.start);
  const [end, setEnd] = useState(o.end);
  const [room, setRoom] = useState(o.original && o.room !== o.original.room ? (o.room ?? '') : '');
  const [replacement, setReplacement] = useState(replaced ? (o.teachers[0]?.id ?? '') : '');
  const [note, setNote] = useState(o.note ?? '');
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const options = useCourseFormOptions(structureId);
  const save = useMutation({
    mutationFn: (body: OccurrenceChangeInput) => timetableApi.changeOccurrence(o.courseId, o.originalDate, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: timetableKeys.all });
      onDone(t('timetable.changeDialog.saved', { subject: o.subjectName }));
    },
  });
  const usualRoom = o.original?.room ?? o.room;
  const serverFields = save.error && 'fields' in save.error ? ((save.error as { fields?: Record<string, string> }).fields ?? {}) : {};
  const serverErrors: FieldErrors = {
    ...(serverFields.date ? { date: t('timetable.changeDialog.dateError') } : {}),
    ...(serverFields.end ? { end: t('timetable.changeDialog.endError') } : {}),
  };
  const errors: FieldErrors = { ...serverErrors, ...localErrors };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(
      OccurrenceChangeInput,
      {
        cancelled,
        replacementTeacherId: replacement || null,
        room: room || null,
        note: note || null,
        ...(date !== o.date ? { date } : {}),
        ...(start !== o.start ? { start } : {}),
        ...(end !== o.end ? { end } : {}),
      },
      t,
      { date: 'timetable.changeDialog.dateError' },
    );
    setLocalErrors(checked.errors ?? {});
    if (checked.errors) {
      save.reset();
      return;
    }
    // An emptied room or note goes back to none, as the form shows it.
    save.mutate({ ...checked.data, room: checked.data.room || null, note: checked.data.note || null });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <CheckboxField label={t('timetable.changeDialog.cancel')} checked={cancelled} onChange={setCancelled} />
      <div className="tt-form-row">
        <TextField label={t('timetable.changeDialog.date')} type="date" value={date} onChange={setDate} error={errors.date} />
        <TextField label={t('timetable.changeDialog.start')} type="time" value={start} onChange={setStart} error={errors.start} />
        <TextField label={t('timetable.changeDialog.end')} type="time" value={end} onChange={setEnd} error={errors.end} />
      </div>
      <TextField
        label={t('timetable.changeDialog.room')}
        description={usualRoom ? t('timetable.changeDialog.roomHelp', { room: usualRoom }) : t('timetable.changeDialog.roomHelpNone')}
        value={room}
        onChange={setRoom}
        maxLength={50}
        error={errors.room}
      />
      <SelectField
        label={t('timetable.changeDialog.replacement')}
        value={replacement}
        onChange={setReplacement}
        emptyOption={t('timetable.changeDialog.noReplacement')}
        options={(options.data?.teachers ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
        isDisabled={!options.isSuccess}
      />
      <TextField label={t('timetable.changeDialog.note')} value={note} onChange={setNote} maxLength={300} error={errors.note} />
      <LiveRegion politeness="assertive">
        <ErrorAlert error={save.error} />
      </LiveRegion>
      <div className="form__actions">
        <Button type="submit" isPending={save.isPending}>
          {t('timetable.changeDialog.save')}
        </Button>
        <Button variant="secondary" onPress={onClose}>
          {t('common.close')}
        </Button>
      </div>
    </form>
  );
}
