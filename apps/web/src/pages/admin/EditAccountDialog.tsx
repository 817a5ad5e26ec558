import { UpdateAccountBody, type AdminAccount } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin-api.ts';
import { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { useFormCheck } from '../../lib/use-form-check.ts';
import { adminKeys } from './admin-queries.ts';
import { AccountProfileFields } from './AccountProfileFields.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';


interface EditAccountDialogProps {
  account: AdminAccount;
  structureId: string;
  onClose: () => void;
  onSaved: (account: AdminAccount) => void;
}

/** Edit an account's names, staff function, class and e-mail, in a modal dialog. */
export function EditAccountDialog({ account, structureId, onClose, onSaved }: EditAccountDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [firstName, setFirstName] = useState(account.firstName);
  const [lastName, setLastName] = useState(account.lastName);
  const [staffFunction, setStaffFunction] = useState<string>(account.staffFunction ?? '');
  const [classId, setClassId] = useState(account.classId ?? '');
  const [email, setEmail] = useState(account.email ?? '');
  // A PERSONNEL account keeps a staff function: the server refuses to remove it too.
  const schema = UpdateAccountBody.refine((body) => account.profile !== 'PERSONNEL' || body.staffFunction, { path: ['staffFunction'] });
  const { form, errors, check, showErrors } = useFormCheck(schema, { staffFunction: 'validation.choose' });
  const mutation = useMutation({
    mutationFn: (body: UpdateAccountBody) => adminApi.updateAccount(account.id, body),
    onSuccess: (updated) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.accounts(structureId) });
      void queryClient.invalidateQueries({ queryKey: adminKeys.pending(structureId) });
      onSaved(updated);
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'STAFF_FUNCTION_REQUIRED') {
        showErrors({ staffFunction: errorText(error, t) });
      }
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = check({
      firstName,
      lastName,
      email: email.trim() || null,
      ...(account.profile === 'PERSONNEL' ? { staffFunction: staffFunction || null } : {}),
      ...(account.profile === 'ELEVE' ? { classId: classId || null } : {}),
    });
    if (body) mutation.mutate(body);
  };

  const formError =
    mutation.isError && !(mutation.error instanceof ApiError && mutation.error.code === 'STAFF_FUNCTION_REQUIRED')
      ? mutation.error
      : undefined;
  return (
    <ModalDialog
      isOpen
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={t('admin.editTitle', { name: `${account.firstName} ${account.lastName}` })}
    >
      <LiveRegion politeness="assertive">
        <ErrorAlert error={formError} />
      </LiveRegion>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        <p className="muted">
          {t('admin.login')} : <span className="mono">{account.login}</span>
        </p>
        <TextField label={t('admin.firstName')} name="first-name" isRequired value={firstName} onChange={setFirstName} error={errors.firstName} />
        <TextField label={t('admin.lastName')} name="last-name" isRequired value={lastName} onChange={setLastName} error={errors.lastName} />
        <AccountProfileFields
          profile={account.profile}
          structureId={structureId}
          staffFunction={staffFunction}
          onStaffFunctionChange={setStaffFunction}
          classId={classId}
          onClassIdChange={setClassId}
          email={email}
          onEmailChange={setEmail}
          errors={errors}
        />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('common.save')}
          </Button>
          <Button variant="secondary" onPress={onClose}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
