import type { Structure } from '@preau/contracts';
import type { TFunction } from 'i18next';
import { useEffect, useId, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../../components/Icon.tsx';
import { LiveRegion } from '../../../components/LiveRegion.tsx';
import { useDebouncedValue } from '../../../lib/use-debounced-value.ts';
import { useStructureSearch } from '../admin-queries.ts';
import { FieldErrorText } from '../../../components/FieldErrorText.tsx';

/** One empty list, the same at every render before the first answer. */
const NO_STRUCTURES: Structure[] = [];

interface StructurePickerProps {
  label: string;
  description?: ReactNode;
  /** The chosen structure, or null. */
  value: Structure | null;
  onChange: (structure: Structure | null) => void;
  error?: string | undefined;
  /** The text field, for the form to focus it when no structure is chosen. */
  inputRef: RefObject<HTMLInputElement | null>;
}

/** How a structure reads in the picker and once chosen: "Name (UAI) — City". */
export function structureLabel(t: TFunction, structure: Structure): string {
  return structure.city
    ? t('provisioning.structurePicker.option', { name: structure.name, uai: structure.uai, city: structure.city })
    : t('provisioning.structurePicker.optionNoCity', { name: structure.name, uai: structure.uai });
}

/**
 * Choose one of the structures the admin administers: type part of its name,
 * city or UAI, then pick it from the matches the server finds. The WAI-ARIA
 * combobox with list autocomplete (manual selection): Down and Up open the
 * list and move through it, Enter chooses, Escape closes the list, then
 * clears the field; leaving the field puts back the chosen structure. The
 * list stays next to the field in the page (no portal), so nothing else is
 * hidden from screen readers while it is open.
 */
export function StructurePicker({ label, description, value, onChange, error, inputRef }: StructurePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const ids = { label: `${id}-label`, input: `${id}-input`, help: `${id}-help`, error: `${id}-error`, list: `${id}-list` };
  const optionId = (structure: Structure) => `${id}-option-${structure.id}`;
  const chosenLabel = value ? structureLabel(t, value) : '';

  const [text, setText] = useState(chosenLabel);
  const [open, setOpen] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  // The chosen structure's own label lists the first structures, not just itself.
  const typed = value && text === chosenLabel ? '' : text.trim();
  const q = useDebouncedValue(typed, 250);
  const search = useStructureSearch(q);
  const options = search.data ?? NO_STRUCTURES;
  const settled = q === typed && !search.isFetching;
  const expanded = open && options.length > 0;
  const active = expanded ? options.find((structure) => structure.id === activeId) : undefined;

  useEffect(() => {
    if (active) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const close = () => {
    setOpen(false);
    setActiveId(null);
  };
  const choose = (structure: Structure) => {
    onChange(structure);
    setText(structureLabel(t, structure));
    close();
  };
  const move = (step: 1 | -1) => {
    setOpen(true);
    if (options.length === 0) return;
    const index = options.findIndex((structure) => structure.id === activeId);
    const next = index === -1 ? (step === 1 ? 0 : options.length - 1) : (index + step + options.length) % options.length;
    setActiveId(options[next]!.id);
  };

  const status = !open
    ? null
    : expanded
      ? <span className="visually-hidden">{t('provisioning.structurePicker.count', { count: options.length })}</span>
      : <p className="structure-picker__status">{settled ? t('provisioning.structurePicker.none') : t('provisioning.structurePicker.searching')}</p>;

  return (
    <div className="field structure-picker">
      <label className="field__label" htmlFor={ids.input} id={ids.label}>
        {label}
      </label>
      {description ? (
        <p className="field__description" id={ids.help}>
          {description}
        </p>
      ) : null}
      <div className="structure-picker__box">
        <input
          ref={inputRef}
          id={ids.input}
          className="field__input structure-picker__input"
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={ids.list}
          aria-activedescendant={active ? optionId(active) : undefined}
          aria-required="true"
          aria-invalid={error ? true : undefined}
          aria-describedby={[description ? ids.help : '', error ? ids.error : ''].filter(Boolean).join(' ') || undefined}
          value={text}
          onChange={(event) => {
            const next = event.target.value;
            setText(next);
            setOpen(true);
            setActiveId(null);
            if (next === '' && value) onChange(null);
          }}
          onBlur={() => {
            setText(chosenLabel);
            close();
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              if (event.altKey) setOpen(true);
              else move(1);
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              move(-1);
            } else if (event.key === 'Enter' && active) {
              event.preventDefault();
              choose(active);
            } else if (event.key === 'Escape') {
              if (open) {
                event.preventDefault();
                setText(chosenLabel);
                close();
              } else if (text !== '') {
                event.preventDefault();
                setText('');
                if (value) onChange(null);
              }
            }
          }}
        />
        <button
          type="button"
          className="structure-picker__toggle"
          tabIndex={-1}
          aria-label={t('provisioning.structurePicker.showList')}
          aria-controls={ids.list}
          aria-expanded={expanded}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            inputRef.current?.focus();
            if (open) close();
            else setOpen(true);
          }}
        >
          <Icon name="chevronDown" />
        </button>
        <ul id={ids.list} role="listbox" aria-labelledby={ids.label} className="combobox-list" hidden={!expanded}>
          {options.map((structure) => (
            <li
              key={structure.id}
              id={optionId(structure)}
              role="option"
              aria-selected={structure.id === active?.id}
              className={structure.id === active?.id ? 'structure-picker__option is-active' : 'structure-picker__option'}
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActiveId(structure.id)}
              onClick={() => choose(structure)}
            >
              <span>{structureLabel(t, structure)}</span>
              {structure.id === value?.id ? <Icon name="check" className="structure-picker__check" /> : null}
            </li>
          ))}
        </ul>
      </div>
      <LiveRegion>{status}</LiveRegion>
      <FieldErrorText id={ids.error} error={error} />
    </div>
  );
}
