import type { TFunction } from 'i18next';
import type { z } from 'zod';

/** What a field's error says: an i18n key and its values. */
export interface Message {
  key: string;
  values?: Record<string, unknown>;
}

/** A form's errors, by field path (`name`, `links.0.url`): the text of the first problem of each field. */
export type FieldErrors = Record<string, string>;

/**
 * Per field path (`links.*.url` for every item of a list), the i18n key of a
 * more precise text than the generic one: for any problem of the field, or,
 * as `{ wrong }`, only when a value is there but wrong (a missing one then
 * says "required").
 */
export type FieldMessages = Record<string, string | { wrong: string }>;

type Issue = z.core.$ZodIssue;

function isMissing(issue: Issue): boolean {
  if (issue.code === 'invalid_type') return issue.input === undefined || issue.input === null || issue.input === '';
  if (issue.code === 'too_small') return Number(issue.minimum) === 1 && (issue.origin === 'string' || issue.origin === 'array');
  return false;
}

/**
 * The i18n message of one zod issue of the contracts' schemas, so the page
 * tells what the server would refuse, in the user's language.
 */
export function issueMessage(issue: Issue): Message {
  if (isMissing(issue)) return { key: issue.code === 'too_small' && issue.origin === 'array' ? 'validation.choose' : 'validation.required' };
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return { key: 'validation.minLength', values: { count: Number(issue.minimum) } };
      if (issue.origin === 'number') return { key: 'validation.min', values: { min: Number(issue.minimum) } };
      return { key: 'validation.invalid' };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'validation.maxLength', values: { count: Number(issue.maximum) } };
      if (issue.origin === 'array') return { key: 'validation.tooMany', values: { count: Number(issue.maximum) } };
      if (issue.origin === 'number') return { key: 'validation.max', values: { max: Number(issue.maximum) } };
      return { key: 'validation.invalid' };
    case 'invalid_format':
      return { key: issue.format === 'email' ? 'validation.email' : 'validation.invalid' };
    case 'invalid_value':
      return { key: 'validation.choose' };
    default:
      return { key: 'validation.invalid' };
  }
}

/** The result of `validate`: the parsed value (trimmed, defaults filled in) or the errors to show. */
export type Validation<T> = { data: T; errors?: undefined } | { data?: undefined; errors: FieldErrors };

/**
 * The problems of a value as the server reports them in `fields` of a
 * VALIDATION_FAILED answer (path → zod issue code), for a form that already
 * words those: it then says the same before and after sending.
 */
export function issueFields<S extends z.ZodType>(schema: S, value: unknown): { data: z.output<S>; fields?: undefined } | { data?: undefined; fields: Record<string, string> } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { data: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[issue.path.map(String).join('.')] ??= issue.code;
  return { fields };
}

/**
 * Checks a form's value with the contract schema the server applies to the
 * same request (a form may add what the server checks elsewhere with
 * `.refine`). `messages` gives a field a more precise text than the generic one.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, t: TFunction, messages: FieldMessages = {}): Validation<z.output<S>> {
  // The input of each issue tells a missing value from a wrong one.
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return { data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.');
    if (field in errors) continue;
    const precise = messages[field] ?? messages[field.replace(/\.\d+(?=\.|$)/g, '.*')];
    const key = typeof precise === 'string' ? precise : precise && !isMissing(issue) ? precise.wrong : undefined;
    const message = key ? { key } : issueMessage(issue);
    errors[field] = t(message.key, message.values);
  }
  return { errors };
}
