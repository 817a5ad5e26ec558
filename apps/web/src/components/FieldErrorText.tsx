/** The error line under a field, with the id its input points at (aria-describedby); nothing without an error. */
export function FieldErrorText({ id, error }: { id?: string | undefined; error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field__error" id={id}>
      {error}
    </p>
  );
}
