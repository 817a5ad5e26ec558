import { CreateAccountBody, type AccountWithCode, type AdminAccount } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin-api.ts';
import { ApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { useFormCheck } from '../../lib/use-form-check.ts';
import { ActivationCodeResult } from './ActivationCodeResult.tsx';
import { adminKeys } from './admin-queries.ts';
import { AccountProfileFields } from './AccountProfileFields.tsx';
import { adminOptions } from './admin-options.ts';
import { ChildrenPicker } from './ChildrenPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** The contract, and the staff function a PERSONNEL account needs (the server refuses it missing too). */
const schema = CreateAccountBody.refine((body) => body.profile !== 'PERSONNEL' || body.staffFunction !== undefined, { path: ['staffFunction'] });

/** "Nouveau compte": creates an account and shows its generated login and activation code. */
export function CreateAccountTab({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const [created, setCreated] = useState<AccountWithCode | null>(null);
  if (created) {
    const { account, activationCode } = created;
    return (
      <Card title={t('admin.newAccount')}>
        <LiveRegion>
          <Alert tone="success">
            <ActivationCodeResult
              title={t('admin.accountCreated')}
              name={`${account.firstName} ${account.lastName}`}
              login={account.login}
              code={activationCode}
              focusOnMount
            />
          </Alert>
        </LiveRegion>
        <div className="form__actions">
          <Button onPress={() => setCreated(null)}>{t('admin.createAnother')}</Button>
        </div>
      </Card>
    );
  }
  return <CreateAccountForm structureId={structureId} onCreated={setCreated} />;
}

function CreateAccountForm({ structureId, onCreated }: { structureId: string; onCreated: (result: AccountWithCode) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [profile, setProfile] = useState('');
  const [staffFunction, setStaffFunction] = useState('');
  const [classId, setClassId] = useState('');
  const [children, setChildren] = useState<AdminAccount[]>([]);
  const [email, setEmail] = useState('');
  const { form, errors, check, showErrors } = useFormCheck(schema, { staffFunction: 'validation.choose' });
  const mutation = useMutation({
    mutationFn: (body: CreateAccountBody) => adminApi.createAccount(structureId, body),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.accounts(structureId) });
      void queryClient.invalidateQueries({ queryKey: adminKeys.pending(structureId) });
      void queryClient.invalidateQueries({ queryKey: adminKeys.structure(structureId) });
      onCreated(result);
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
      profile,
      ...(profile === 'PERSONNEL' && staffFunction ? { staffFunction } : {}),
      ...(profile === 'ELEVE' && classId ? { classId } : {}),
      ...(profile === 'PARENT' && children.length > 0 ? { childIds: children.map((child) => child.id) } : {}),
      ...(email.trim() ? { email: email.trim() } : {}),
    });
    if (body) mutation.mutate(body);
    else mutation.reset();
  };

  const formError =
    mutation.isError && !(mutation.error instanceof ApiError && mutation.error.code === 'STAFF_FUNCTION_REQUIRED')
      ? mutation.error
      : undefined;
  return (
    <Card title={t('admin.newAccount')} description={<p>{t('admin.newAccountHelp')}</p>}>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={formError} />
      </LiveRegion>
      <p className="form__note">{t('common.requiredNote')}</p>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        <div className="form--grid">
          <TextField label={t('admin.firstName')} name="first-name" isRequired value={firstName} onChange={setFirstName} error={errors.firstName} />
          <TextField label={t('admin.lastName')} name="last-name" isRequired value={lastName} onChange={setLastName} error={errors.lastName} />
          <SelectField
            label={t('admin.profile')}
            value={profile}
            onChange={setProfile}
            options={adminOptions.profiles(t)}
            emptyOption={t('common.choose')}
            isRequired
            error={errors.profile}
          />
          <AccountProfileFields
            profile={profile}
            structureId={structureId}
            staffFunction={staffFunction}
            onStaffFunctionChange={setStaffFunction}
            classId={classId}
            onClassIdChange={setClassId}
            email={email}
            onEmailChange={setEmail}
            errors={errors}
            emailHelp
          />
        </div>
        {profile === 'PARENT' ? (
          <ChildrenPicker structureId={structureId} selected={children} onChange={setChildren} error={errors.childIds} />
        ) : null}
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('admin.createAccount')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
