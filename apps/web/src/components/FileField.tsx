import { useId, type Ref } from 'react';
import { FieldErrorText } from './FieldErrorText.tsx';

export interface FileFieldProps {
  label: string;
  /** Help shown under the label and linked to the input (aria-describedby). */
  description?: string | undefined;
  /** The error to show; makes the input invalid (aria-invalid) and is linked to it. */
  error?: string | undefined;
  /** File types offered by the browser's picker (the server checks them again). */
  accept?: string;
  multiple?: boolean;
  /** Read the chosen files (`.files`), focus the input, or empty it after an upload. */
  inputRef?: Ref<HTMLInputElement>;
  /** Called as soon as files are chosen (an upload that needs no submit button). */
  onSelect?: (files: File[]) => void;
  /** `button`: the label is a button opening the picker, for a list that grows as files are chosen. */
  appearance?: 'field' | 'button';
  className?: string;
}

/** A labelled file input with its help and error message: the one way the app lets a user choose files. */
export function FileField({ label, description, error, accept, multiple, inputRef, onSelect, appearance = 'field', className }: FileFieldProps) {
  const id = useId();
  const shown = appearance === 'field';
  const describedBy = [shown && description ? `${id}-description` : '', shown && error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const input = (
    <input
      id={id}
      ref={inputRef}
      type="file"
      accept={accept}
      multiple={multiple}
      className={appearance === 'button' ? 'visually-hidden' : 'field__input'}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy || undefined}
      onChange={onSelect ? (event) => onSelect(Array.from(event.target.files ?? [])) : undefined}
    />
  );
  if (appearance === 'button') {
    return (
      <label className={`btn btn--secondary file-button ${className ?? ''}`}>
        {label}
        {input}
      </label>
    );
  }
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {description ? (
        <p className="field__description" id={`${id}-description`}>
          {description}
        </p>
      ) : null}
      {input}
      <FieldErrorText id={`${id}-error`} error={error} />
    </div>
  );
}
