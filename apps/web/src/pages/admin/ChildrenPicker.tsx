import type { AdminAccount } from '@preau/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.tsx';
import { Icon } from '../../components/Icon.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { useAccounts } from './admin-queries.ts';
import { FieldErrorText } from '../../components/FieldErrorText.tsx';

interface ChildrenPickerProps {
  structureId: string;
  selected: AdminAccount[];
  onChange: (children: AdminAccount[]) => void;
  error?: string | undefined;
}

const MAX_CHILDREN = 20;

/** Choose the children of a parent account among the students of the structure. */
export function ChildrenPicker({ structureId, selected, onChange, error }: ChildrenPickerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const query = useAccounts(structureId, { q, profile: 'ELEVE', limit: 10 }, q.length > 0);
  const selectedIds = new Set(selected.map((child) => child.id));
  const results = (query.data?.pages[0]?.items ?? []).filter((student) => !selectedIds.has(student.id));
  const label = (student: AdminAccount) =>
    `${student.firstName} ${student.lastName}${student.className ? ` (${student.className})` : ''}`;
  return (
    <fieldset className="fieldset">
      <legend className="field__label">{t('admin.children')}</legend>
      <p className="field__description">{t('admin.childrenHelp')}</p>
      {selected.length > 0 ? (
        <ul className="chips" aria-label={t('admin.selectedChildren')}>
          {selected.map((child) => (
            <li key={child.id} className="chip">
              <span>{label(child)}</span>
              <Button
                variant="ghost"
                size="small"
                onPress={() => onChange(selected.filter((other) => other.id !== child.id))}
              >
                <Icon name="close" />
                <span className="visually-hidden">
                  {t('admin.removeChild')} {label(child)}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('admin.noChildSelected')}</p>
      )}
      <FieldErrorText error={error} />
      <SearchInput label={t('admin.searchStudent')} value={text} onChange={setText} />
      <LiveRegion>
        {q && query.isSuccess && !query.isPlaceholderData ? (
          <p className="result-count">{t('admin.studentsFound', { count: results.length })}</p>
        ) : null}
      </LiveRegion>
      {q && results.length > 0 ? (
        <ul className="pick-list">
          {results.map((student) => (
            <li key={student.id} className="pick-list__item">
              <span>{label(student)}</span>
              <Button
                variant="secondary"
                size="small"
                isDisabled={selected.length >= MAX_CHILDREN}
                onPress={() => onChange([...selected, student])}
              >
                <Icon name="plus" />
                {t('admin.addChild')}
                <span className="visually-hidden"> {label(student)}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
