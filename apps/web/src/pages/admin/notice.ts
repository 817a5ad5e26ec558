/** A message shown after an action on a list (and announced). */
export interface Notice {
  tone: 'success' | 'error';
  text: string;
}
