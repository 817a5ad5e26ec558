import { CreateStructureBody, isValidUai, type Me } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
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
import { adminKeys } from './admin-queries.ts';
import { adminOptions } from './admin-options.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** The contract, with the UAI required and its check letter right, as the server verifies too. */
const schema = CreateStructureBody.extend({ uai: CreateStructureBody.shape.uai.min(1).refine(isValidUai) });

/** "Nouvel établissement", for the ADMC of a collectivité. */
export function CreateStructureCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const collectivites = me.adminRoles.filter((role) => role.role === 'ADMC');
  const [collectiviteId, setCollectiviteId] = useState(collectivites[0]?.scopeId ?? '');
  const [uai, setUai] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [city, setCity] = useState('');
  const { form, errors, check, showErrors } = useFormCheck(schema, { uai: { wrong: 'apiErrors.UAI_INVALID' } });
  const mutation = useMutation({
    mutationFn: (body: CreateStructureBody) => adminApi.createStructure(body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.structures });
      setUai('');
      setName('');
      setType('');
      setCity('');
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.code === 'UAI_INVALID' || error.code === 'UAI_TAKEN')) {
        showErrors({ uai: errorText(error, t) });
      }
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = check({ uai, name, type, collectiviteId, ...(city.trim() ? { city } : {}) });
    if (body) mutation.mutate(body);
    else mutation.reset();
  };

  const formError =
    mutation.isError && !(mutation.error instanceof ApiError && mutation.error.code.startsWith('UAI_'))
      ? mutation.error
      : undefined;
  return (
    <Card title={t('admin.newStructure')} description={<p>{t('admin.newStructureHelp')}</p>}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>
              {t('admin.structureCreated', { name: mutation.data.name })}{' '}
              <Link to={`/admin/etablissements/${mutation.data.id}`}>{t('admin.openStructure')}</Link>
            </p>
          </Alert>
        ) : null}
        <ErrorAlert error={formError} />
      </LiveRegion>
      <p className="form__note">{t('common.requiredNote')}</p>
      <form ref={form} className="form form--grid" onSubmit={onSubmit} noValidate>
        {collectivites.length > 1 ? (
          <SelectField
            label={t('admin.collectivite')}
            value={collectiviteId}
            onChange={setCollectiviteId}
            options={collectivites.map((role) => ({ value: role.scopeId, label: role.scopeName }))}
            isRequired
          />
        ) : null}
        <TextField
          label={t('admin.uai')}
          name="uai"
          autoCapitalize="characters"
          spellCheck="false"
          maxLength={8}
          isRequired
          value={uai}
          onChange={setUai}
          description={t('admin.uaiHelp')}
          error={errors.uai}
        />
        <TextField
          label={t('admin.structureName')}
          name="name"
          isRequired
          value={name}
          onChange={setName}
          error={errors.name}
        />
        <SelectField
          label={t('admin.type')}
          value={type}
          onChange={setType}
          options={adminOptions.structureTypes(t)}
          emptyOption={t('common.choose')}
          isRequired
          error={errors.type}
        />
        <TextField label={t('admin.cityOptional')} name="city" value={city} onChange={setCity} />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('admin.createStructure')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
