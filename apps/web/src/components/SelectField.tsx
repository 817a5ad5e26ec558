import { useId, type ReactNode, type Ref } from 'react';
import { FieldErrorText } from './FieldErrorText.tsx';

/** One choice of a `SelectField`. */
export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** A first, empty choice ("All", "None"…). */
  emptyOption?: string;
  description?: ReactNode;
  error?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
  name?: string;
  selectRef?: Ref<HTMLSelectElement>;
}

/** A labelled native select: the most robust choice list with keyboards, screen readers and phones. */
export function SelectField(props: SelectFieldProps) {
  const { label, value, onChange, options, emptyOption, description, error, isRequired, isDisabled, name } = props;
  const id = useId();
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const describedBy = [description ? descriptionId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {description ? (
        <p className="field__description" id={descriptionId}>
          {description}
        </p>
      ) : null}
      <select
        id={id}
        ref={props.selectRef}
        name={name}
        className="field__input field__select"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-required={isRequired || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        disabled={isDisabled}
      >
        {emptyOption !== undefined ? <option value="">{emptyOption}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrorText id={errorId} error={error} />
    </div>
  );
}
