import type { Profile } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { CheckboxField } from '../../../components/CheckboxField.tsx';
import { FieldErrorText } from '../../../components/FieldErrorText.tsx';

/** The profiles a connected service is offered to (the directory's, without guests and the collectivité's staff). */
export const serviceProfiles: Profile[] = ['ELEVE', 'PARENT', 'ENSEIGNANT', 'PERSONNEL'];

/** "Who sees it": one checkbox per profile. */
export function ProfileChoices({ value, onChange, error }: { value: Profile[]; onChange: (profiles: Profile[]) => void; error: string | undefined }) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend className="field__label">
        {t('servicesAdmin.profiles')} <span aria-hidden="true">*</span>
      </legend>
      {serviceProfiles.map((profile) => (
        <CheckboxField
          key={profile}
          name="profiles"
          label={t(`profiles.${profile}`)}
          checked={value.includes(profile)}
          onChange={(on) => onChange(on ? [...value, profile] : value.filter((other) => other !== profile))}
        />
      ))}
      <FieldErrorText error={error} />
    </fieldset>
  );
}
