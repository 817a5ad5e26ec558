import { accountStatuses, profiles } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import type { AccountFilters } from '../../api/admin-api.ts';
import { SearchInput } from '../../components/SearchInput.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { useClasses } from './admin-queries.ts';
import { adminOptions, oneOf } from './admin-options.ts';

/** The values of the accounts filters as typed (the search text is debounced by the caller). */
export interface AccountFilterValues {
  q: string;
  profile: string;
  status: string;
  classId: string;
  /** '', 'true' (leaving only) or 'false' (without the leaving). */
  leaving: string;
}

/** Turns the form's values into API filters. */
export function toAccountFilters(values: AccountFilterValues, q: string): AccountFilters {
  return {
    q: q || undefined,
    profile: oneOf(profiles, values.profile),
    status: oneOf(accountStatuses, values.status),
    classId: values.classId || undefined,
    leaving: values.leaving === 'true' || values.leaving === 'false' ? values.leaving : undefined,
  };
}

interface AccountFiltersFormProps {
  structureId: string;
  values: AccountFilterValues;
  onChange: (values: AccountFilterValues) => void;
}

/** Search and filters of the accounts list (applied as the user types or chooses). */
export function AccountFiltersForm({ structureId, values, onChange }: AccountFiltersFormProps) {
  const { t } = useTranslation();
  const classes = useClasses(structureId);
  const set = (key: keyof AccountFilterValues) => (value: string) => onChange({ ...values, [key]: value });
  return (
    <form
      role="search"
      aria-label={t('admin.accountFilters')}
      className="filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <SearchInput label={t('admin.searchAccounts')} value={values.q} onChange={set('q')} />
      <SelectField
        label={t('admin.profile')}
        value={values.profile}
        onChange={set('profile')}
        options={adminOptions.profiles(t)}
        emptyOption={t('admin.allProfiles')}
      />
      <SelectField
        label={t('admin.status')}
        value={values.status}
        onChange={set('status')}
        options={adminOptions.statuses(t)}
        emptyOption={t('admin.allStatuses')}
      />
      <SelectField
        label={t('admin.class')}
        value={values.classId}
        onChange={set('classId')}
        options={adminOptions.classes(classes.data)}
        emptyOption={t('admin.allClasses')}
      />
      <SelectField
        label={t('provisioning.leaving.filter')}
        value={values.leaving}
        onChange={set('leaving')}
        options={[
          { value: 'true', label: t('provisioning.leaving.only') },
          { value: 'false', label: t('provisioning.leaving.none') },
        ]}
        emptyOption={t('provisioning.leaving.all')}
      />
    </form>
  );
}
