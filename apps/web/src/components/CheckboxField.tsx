import { useId, type ReactNode } from 'react';
import { FieldErrorText } from './FieldErrorText.tsx';

interface CheckboxFieldProps {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  isRequired?: boolean;
  name?: string;
}

/** A native checkbox with its label and error message (linked with aria-describedby). */
export function CheckboxField({ label, checked, onChange, error, isRequired, name }: CheckboxFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field field--checkbox">
      <div className="checkbox">
        <input
          id={id}
          name={name}
          type="checkbox"
          className="checkbox__input"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          aria-required={isRequired || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        <label htmlFor={id} className="checkbox__label">
          {label}
        </label>
      </div>
      <FieldErrorText id={errorId} error={error} />
    </div>
  );
}
