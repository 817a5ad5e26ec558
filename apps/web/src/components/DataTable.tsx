import type { ReactNode } from 'react';
import { TableContainer } from './TableContainer.tsx';

export interface DataTableColumn {
  label: ReactNode;
  /** A class of the header cell (a numeric column's alignment). */
  className?: string;
}

interface DataTableProps {
  /** The scrolling region's accessible name. */
  label: string;
  /** The table's caption, read by screen readers only. */
  caption: ReactNode;
  columns: DataTableColumn[];
  /** The rows (tr), the body of the table. */
  children: ReactNode;
}

/** A table in its scrolling container: hidden caption, one header row of column headers, then the rows. */
export function DataTable({ label, caption, columns, children }: DataTableProps) {
  return (
    <TableContainer label={label}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={column.className}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableContainer>
  );
}
