/**
 * Writing CSV for French spreadsheets (UTF-8 with a BOM, `;` between cells,
 * CRLF between lines), as the exports of Préau do.
 */

/** A spreadsheet cell: quoted, and never read as a formula (CSV injection). */
export function csvCell(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** A whole CSV document from its lines of cells. */
export function csvDocument(lines: readonly (readonly (string | null)[])[]): string {
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
