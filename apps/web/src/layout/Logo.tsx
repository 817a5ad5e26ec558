/** The mark of Préau: a school roof (decorative, the product name is written next to it). */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path className="logo__roof" d="M6 15 16 7l10 8v1.5h-2.5V25h-5v-6h-5v6h-5v-8.5H6z" />
    </svg>
  );
}
