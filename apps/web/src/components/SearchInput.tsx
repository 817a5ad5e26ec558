import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Input, Label, SearchField, Text } from 'react-aria-components';
import { Icon } from './Icon.tsx';

interface SearchInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit?: (value: string) => void;
  description?: ReactNode;
  placeholder?: string;
}

/** A search box with its label and a clear button (React Aria SearchField: Escape clears). */
export function SearchInput({ label, value, onChange, onSubmit, description, placeholder }: SearchInputProps) {
  const { t } = useTranslation();
  return (
    <SearchField value={value} onChange={onChange} onSubmit={onSubmit} className="field search-field">
      <Label className="field__label">{label}</Label>
      {description ? (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      ) : null}
      <div className="search-field__box">
        <Icon name="search" className="search-field__icon" />
        <Input className="field__input search-field__input" placeholder={placeholder} />
        {value ? (
          <Button className="search-field__clear" aria-label={t('common.clearSearch')}>
            <Icon name="close" />
          </Button>
        ) : null}
      </div>
    </SearchField>
  );
}
