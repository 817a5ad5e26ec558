import type { NamedTarget } from '@preau/contracts';
import { useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { targetKey, targetLabel } from './targets.ts';
import { useRecipientSearch } from './messaging-queries.ts';
import { FieldErrorText } from '../../components/FieldErrorText.tsx';

interface RecipientFieldProps {
  label: string;
  value: NamedTarget[];
  onChange: (value: NamedTarget[]) => void;
  error?: string | undefined;
  /** Told what is typed but not yet chosen, so that sending can refuse to drop it silently. */
  onTypedChange?: ((text: string) => void) | undefined;
  inputRef?: RefObject<HTMLInputElement | null> | undefined;
}

/**
 * A recipient field: the chosen people, classes, groups and profiles as
 * removable chips, and a combobox (ARIA 1.2 pattern: arrows, Enter, Escape)
 * that offers only what the communication rules allow.
 */
export function RecipientField({ label, value, onChange, error, onTypedChange, inputRef }: RecipientFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const ownInput = useRef<HTMLInputElement>(null);
  const input = inputRef ?? ownInput;
  const type = (next: string) => {
    setText(next);
    onTypedChange?.(next.trim());
  };
  const q = useDebouncedValue(text.trim(), 250);
  const search = useRecipientSearch(q);
  const chosen = new Set(value.map((v) => targetKey(v.target)));
  const options = (search.data?.items ?? []).filter((item) => !chosen.has(targetKey(item.target)));
  const expanded = open && q.length > 0 && text.trim().length > 0;

  const choose = (item: NamedTarget) => {
    onChange([...value, item]);
    type('');
    setActive(0);
    input.current?.focus();
  };

  return (
    <div className="field recipient-field">
      <label className="field__label" htmlFor={`${id}-input`} id={`${id}-label`}>
        {label}
      </label>
      {value.length > 0 ? (
        <ul className="recipient-field__chips" aria-label={t('messagerie.chosenRecipients', { field: label })}>
          {value.map((item) => (
            <li key={targetKey(item.target)} className="recipient-chip">
              <span>{targetLabel(t, item)}</span>
              <button
                type="button"
                className="recipient-chip__remove"
                aria-label={t('messagerie.removeRecipient', { name: targetLabel(t, item) })}
                onClick={() => onChange(value.filter((v) => targetKey(v.target) !== targetKey(item.target)))}
              >
                <Icon name="close" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        ref={input}
        id={`${id}-input`}
        className="field__input"
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={`${id}-list`}
        aria-activedescendant={expanded && options[active] ? `${id}-option-${active}` : undefined}
        aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        value={text}
        onChange={(event) => {
          type(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        // Back in a field that still holds a typed name (after the "not chosen" error): offer the matches again.
        onFocus={() => {
          if (text.trim()) setOpen(true);
        }}
        onBlur={() =>
          setTimeout(() => {
            if (document.activeElement !== input.current) setOpen(false);
          }, 150)
        }
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && options.length > 0) {
            event.preventDefault();
            setOpen(true);
            setActive((i) => (i + 1) % options.length);
          } else if (event.key === 'ArrowUp' && options.length > 0) {
            event.preventDefault();
            setActive((i) => (i - 1 + options.length) % options.length);
          } else if (event.key === 'Enter' && expanded && options[active]) {
            event.preventDefault();
            choose(options[active]!);
          } else if (event.key === 'Escape') {
            setOpen(false);
          } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
            onChange(value.slice(0, -1));
          }
        }}
      />
      <p id={`${id}-help`} className="field__description">
        {t('messagerie.recipientHelp')}
      </p>
      <ul id={`${id}-list`} role="listbox" aria-labelledby={`${id}-label`} className="combobox-list" hidden={!expanded}>
        {options.map((item, index) => (
          <li
            key={targetKey(item.target)}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'recipient-option is-active' : 'recipient-option'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(item)}
          >
            <span className="recipient-option__label">{targetLabel(t, item)}</span>
            <span className="recipient-option__detail">{targetDetail(t, item)}</span>
          </li>
        ))}
        {expanded && search.isSuccess && options.length === 0 ? (
          <li role="option" aria-selected={false} aria-disabled="true" className="recipient-option is-empty">
            {t('messagerie.noRecipientFound')}
          </li>
        ) : null}
      </ul>
      <FieldErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

function targetDetail(t: (key: string, options?: Record<string, unknown>) => string, item: NamedTarget): string {
  switch (item.target.type) {
    case 'CLASS':
      return t('messagerie.targetClass', { structure: item.detail });
    case 'GROUP':
      return t('messagerie.targetGroup', { structure: item.detail });
    case 'PROFILE':
      return t('messagerie.targetProfile');
    default: {
      const [profile, structure] = item.detail.split(' · ');
      const label = t(`profiles.${profile}`, { defaultValue: profile ?? '' });
      return structure ? `${label} · ${structure}` : label;
    }
  }
}
