import {
  type ConnectedService,
  CreateConnectedServiceBody,
  type Profile,
  type ReleasableAttribute,
  releasableAttributes,
  serviceIcons,
  type SsoProtocol,
  ssoProtocols,
  UpdateConnectedServiceBody,
} from '@preau/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button.tsx';
import { CheckboxField } from '../../../components/CheckboxField.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FieldErrorText } from '../../../components/FieldErrorText.tsx';
import { Icon } from '../../../components/Icon.tsx';
import { LiveRegion } from '../../../components/LiveRegion.tsx';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { useDebouncedValue } from '../../../lib/use-debounced-value.ts';
import { useFormCheck } from '../../../lib/use-form-check.ts';
import { useStructure, useStructureSearch } from '../admin-queries.ts';
import { LaunchUrlField } from './LaunchUrlField.tsx';
import { ProfileChoices } from './ProfileChoices.tsx';

/** What the form sends: a declaration, or (with a service to edit) its changes. */
export type ServiceFormValue = CreateConnectedServiceBody;

interface ServiceFormProps {
  /** The service edited; none to declare a new one. */
  service?: ConnectedService;
  submitLabel: string;
  isPending: boolean;
  error: unknown;
  onSubmit: (value: ServiceFormValue) => void;
}

/** The first error among a list's items (`allowedPatterns.1`), shown under the list's one field. */
function listError(errors: Record<string, string>, field: string): string | undefined {
  return errors[field] ?? Object.entries(errors).find(([key]) => key.startsWith(`${field}.`))?.[1];
}

/** Declares or edits a catalogue service: every field of the contract, checked as the server checks it. */
export function ServiceForm({ service, submitLabel, isPending, error, onSubmit }: ServiceFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(service?.name ?? '');
  const [icon, setIcon] = useState<string>(service?.icon ?? 'app');
  const [launchUrl, setLaunchUrl] = useState(service?.launchUrl ?? '');
  const [protocol, setProtocol] = useState<SsoProtocol>(service?.protocol ?? 'cas');
  const [patterns, setPatterns] = useState((service?.allowedPatterns ?? []).join('\n'));
  const [profiles, setProfiles] = useState<Profile[]>(service?.profiles ?? ['ELEVE', 'PARENT']);
  const [structureIds, setStructureIds] = useState<string[]>(service?.structureIds ?? []);
  const [attributes, setAttributes] = useState<ReleasableAttribute[]>(service?.attributes ?? ['uid']);
  const [enabledByDefault, setEnabledByDefault] = useState(service?.enabledByDefault ?? true);
  const { form, errors, check } = useFormCheck(service ? UpdateConnectedServiceBody : CreateConnectedServiceBody);
  const patternsId = `service-patterns-${service?.id ?? 'new'}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = {
      name,
      icon,
      launchUrl,
      allowedPatterns: protocol === 'link' ? [] : patterns.split('\n').map((line) => line.trim()).filter(Boolean),
      profiles,
      structureIds,
      attributes: protocol === 'link' ? [] : attributes,
      enabledByDefault,
    };
    const checked = check(service ? value : { ...value, protocol });
    if (checked) onSubmit({ ...checked, protocol } as ServiceFormValue);
  };

  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((other) => other !== item));
  return (
    <form ref={form} className="form" onSubmit={submit} noValidate>
      <p className="form__note">{t('common.requiredNote')}</p>
      <TextField label={t('servicesAdmin.name')} name="name" isRequired value={name} onChange={setName} maxLength={80} error={errors.name} />
      <LaunchUrlField name="launchUrl" value={launchUrl} onChange={setLaunchUrl} error={errors.launchUrl} />
      <SelectField
        label={t('servicesAdmin.protocol')}
        value={protocol}
        onChange={(value) => setProtocol(value as SsoProtocol)}
        options={ssoProtocols.map((p) => ({ value: p, label: t(`servicesAdmin.protocols.${p}`) }))}
        isDisabled={Boolean(service)}
        description={service ? t('servicesAdmin.protocolKept') : t('servicesAdmin.declareHelp')}
        isRequired
      />
      <SelectField
        label={t('servicesAdmin.icon')}
        value={icon}
        onChange={setIcon}
        options={serviceIcons.map((i) => ({ value: i, label: t(`servicesAdmin.icons.${i}`) }))}
      />
      {protocol === 'link' ? null : (
        <div className="field">
          <label className="field__label" htmlFor={patternsId}>
            {t('servicesAdmin.patterns')} <span aria-hidden="true">*</span>
          </label>
          <p className="field__description" id={`${patternsId}-help`}>
            {t('servicesAdmin.patternsHelp')}
          </p>
          <textarea
            id={patternsId}
            name="allowedPatterns"
            className="field__input mono"
            rows={3}
            autoCapitalize="none"
            spellCheck={false}
            aria-required
            aria-invalid={listError(errors, 'allowedPatterns') ? true : undefined}
            aria-describedby={listError(errors, 'allowedPatterns') ? `${patternsId}-help ${patternsId}-error` : `${patternsId}-help`}
            value={patterns}
            onChange={(event) => setPatterns(event.target.value)}
          />
          <FieldErrorText id={`${patternsId}-error`} error={listError(errors, 'allowedPatterns')} />
        </div>
      )}
      <ProfileChoices value={profiles} onChange={setProfiles} error={listError(errors, 'profiles')} />
      <StructureChoices value={structureIds} onChange={setStructureIds} error={listError(errors, 'structureIds')} />
      {protocol === 'link' ? null : (
        <fieldset className="fieldset">
          <legend className="field__label">{t('servicesAdmin.attributes')}</legend>
          <p className="field__description">{t('servicesAdmin.attributesHelp')}</p>
          {releasableAttributes.map((attribute) => (
            <CheckboxField
              key={attribute}
              label={t(`servicesAdmin.attributeNames.${attribute}`)}
              checked={attributes.includes(attribute)}
              onChange={(on) => setAttributes(toggle(attributes, attribute, on))}
            />
          ))}
        </fieldset>
      )}
      <CheckboxField label={t('servicesAdmin.enabledByDefault')} checked={enabledByDefault} onChange={setEnabledByDefault} />
      <LiveRegion politeness="assertive">
        <ErrorAlert error={error} />
      </LiveRegion>
      <div className="form__actions">
        <Button type="submit" isPending={isPending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** The structures a service is kept to, picked by search; none chosen means all of the collectivité. */
function StructureChoices({ value, onChange, error }: { value: string[]; onChange: (ids: string[]) => void; error: string | undefined }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const search = useStructureSearch(q);
  const results = q ? (search.data ?? []).filter((structure) => !value.includes(structure.id)) : [];
  return (
    <fieldset className="fieldset">
      <legend className="field__label">{t('servicesAdmin.structures')}</legend>
      <p className="field__description">{t('servicesAdmin.structuresHelp')}</p>
      {value.length > 0 ? (
        <ul className="chips">
          {value.map((id) => (
            <StructureChip key={id} id={id} onRemove={() => onChange(value.filter((other) => other !== id))} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('servicesAdmin.allStructures')}</p>
      )}
      <FieldErrorText error={error} />
      <SearchInput label={t('servicesAdmin.searchStructure')} value={text} onChange={setText} />
      {results.length > 0 ? (
        <ul className="pick-list">
          {results.slice(0, 8).map((structure) => (
            <li key={structure.id} className="pick-list__item">
              <span>
                {structure.name} <span className="mono">{structure.uai}</span>
              </span>
              <Button variant="secondary" size="small" onPress={() => onChange([...value, structure.id])}>
                <Icon name="plus" />
                {t('servicesAdmin.addStructure')}
                <span className="visually-hidden"> {structure.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function StructureChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const { t } = useTranslation();
  const structure = useStructure(id);
  const label = structure.data ? `${structure.data.name} (${structure.data.uai})` : id;
  return (
    <li className="chip">
      <span>{label}</span>
      <Button variant="ghost" size="small" onPress={onRemove}>
        <Icon name="close" />
        <span className="visually-hidden">
          {t('servicesAdmin.removeStructure')} {label}
        </span>
      </Button>
    </li>
  );
}
