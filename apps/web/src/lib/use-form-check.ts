import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { focusFirstInvalid } from './focus.ts';
import { validate, type FieldErrors, type FieldMessages } from './form-validation.ts';

/**
 * A form checked against a contract schema: `check` answers the value to
 * send, or shows each field's error and moves the focus to the first one;
 * `showErrors` does the same for errors the server answered (a UAI taken).
 */
export function useFormCheck<S extends z.ZodType>(schema: S, messages?: FieldMessages) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    if (Object.keys(next).length > 0) focusFirstInvalid(form.current);
  };
  const check = (value: unknown): z.output<S> | undefined => {
    const checked = validate(schema, value, t, messages);
    showErrors(checked.errors ?? {});
    return checked.data;
  };
  return { form, errors, check, showErrors };
}
