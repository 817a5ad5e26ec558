/** A small spinning circle for pending buttons (decorative: the state is announced elsewhere). */
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
