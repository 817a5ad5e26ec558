import type { FileRef } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { fileUrl } from '../../api/homework-api.ts';

/** Size of a file, in the interface language. */
export function fileSize(bytes: number, language: string): string {
  const format = (value: number, unit: 'kilobyte' | 'megabyte' | 'byte') =>
    new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return format(bytes, 'byte');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'kilobyte');
  return format(bytes / 1024 / 1024, 'megabyte');
}

/** Links that download stored files (attachments, hand-ins, returned files). */
export function FileList({ files, onRemove }: { files: readonly FileRef[]; onRemove?: (file: FileRef) => void }) {
  const { t, i18n } = useTranslation();
  if (files.length === 0) return null;
  return (
    <ul className="file-list">
      {files.map((file) => (
        <li key={file.id} className="file-list__item">
          <a href={fileUrl(file.id)} download={file.filename}>
            {file.filename}
          </a>{' '}
          <span className="muted">({fileSize(file.size, i18n.language)})</span>
          {onRemove ? (
            <button type="button" className="tt-link-button" onClick={() => onRemove(file)}>
              {t('homework.removeFile')}
              <span className="visually-hidden"> {file.filename}</span>
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
