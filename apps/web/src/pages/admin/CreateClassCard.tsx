import { CreateClassBody } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin-api.ts';
import { isApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { useFormCheck } from '../../lib/use-form-check.ts';
import { adminKeys } from './admin-queries.ts';
import { adminOptions } from './admin-options.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** "Nouvelle classe": code, name and level. */
export function CreateClassCard({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [level, setLevel] = useState('');
  const { form, errors, check, showErrors } = useFormCheck(CreateClassBody, { code: { wrong: 'admin.classCodeInvalid' } });
  const mutation = useMutation({
    mutationFn: (body: CreateClassBody) => adminApi.createClass(structureId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.classes(structureId) });
      setCode('');
      setName('');
      setLevel('');
    },
    onError: (error) => {
      if (isApiError(error, 'CLASS_CODE_TAKEN')) {
        showErrors({ code: errorText(error, t) });
      }
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = check({ code, name, level });
    if (body) mutation.mutate(body);
    else mutation.reset();
  };

  const formError = mutation.isError && !isApiError(mutation.error, 'CLASS_CODE_TAKEN') ? mutation.error : undefined;
  return (
    <Card title={t('admin.newClass')}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>{t('admin.classCreated', { name: mutation.data.name })}</p>
          </Alert>
        ) : null}
        <ErrorAlert error={formError} />
      </LiveRegion>
      <p className="form__note">{t('common.allRequired')}</p>
      <form ref={form} className="form form--grid" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('admin.classCode')}
          name="code"
          maxLength={20}
          isRequired
          value={code}
          onChange={setCode}
          description={t('admin.classCodeHelp')}
          error={errors.code}
        />
        <TextField
          label={t('admin.className')}
          name="class-name"
          maxLength={100}
          isRequired
          value={name}
          onChange={setName}
          error={errors.name}
        />
        <SelectField
          label={t('admin.classLevel')}
          value={level}
          onChange={setLevel}
          options={adminOptions.classLevels(t)}
          emptyOption={t('common.choose')}
          isRequired
          error={errors.level}
        />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('admin.createClass')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
