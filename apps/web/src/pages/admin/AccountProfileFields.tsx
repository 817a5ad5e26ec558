import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useClasses } from './admin-queries.ts';
import { adminOptions } from './admin-options.ts';

interface AccountProfileFieldsProps {
  profile: string;
  structureId: string;
  staffFunction: string;
  onStaffFunctionChange: (value: string) => void;
  classId: string;
  onClassIdChange: (value: string) => void;
  email: string;
  onEmailChange: (value: string) => void;
  errors: { staffFunction?: string; email?: string };
  /** The creation form explains what the address is for; the edit dialog, opened by someone who has read it, does not. */
  emailHelp?: boolean;
}

/** The fields that depend on the profile (staff function, class) and the e-mail: the same in creation and edition. */
export function AccountProfileFields(props: AccountProfileFieldsProps) {
  const { t } = useTranslation();
  const classes = useClasses(props.structureId);
  return (
    <>
      {props.profile === 'PERSONNEL' ? (
        <SelectField
          label={t('admin.staffFunction')}
          value={props.staffFunction}
          onChange={props.onStaffFunctionChange}
          options={adminOptions.staffFunctions(t)}
          emptyOption={t('common.choose')}
          isRequired
          error={props.errors.staffFunction}
        />
      ) : null}
      {props.profile === 'ELEVE' ? (
        <SelectField
          label={t('admin.class')}
          value={props.classId}
          onChange={props.onClassIdChange}
          options={adminOptions.classes(classes.data)}
          emptyOption={t('admin.noClassOption')}
        />
      ) : null}
      <TextField
        label={t('admin.emailOptional')}
        name="email"
        type="email"
        value={props.email}
        onChange={props.onEmailChange}
        description={props.emailHelp ? t('admin.emailHelp') : undefined}
        error={props.errors.email}
      />
    </>
  );
}
