import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/TextField.tsx';

interface LaunchUrlFieldProps {
  name: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

/** The address a tile opens, in the catalogue's form and a structure's own links: typed as is, never capitalised. */
export function LaunchUrlField({ name, value, onChange, error }: LaunchUrlFieldProps) {
  const { t } = useTranslation();
  return (
    <TextField
      label={t('servicesAdmin.launchUrl')}
      name={name}
      type="url"
      isRequired
      autoCapitalize="none"
      spellCheck="false"
      value={value}
      onChange={onChange}
      description={t('servicesAdmin.launchUrlHelp')}
      error={error}
    />
  );
}
