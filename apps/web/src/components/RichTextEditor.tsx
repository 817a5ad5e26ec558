import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldErrorText } from './FieldErrorText.tsx';

export interface RichTextEditorProps {
  label: string;
  /** The content when the editor opens (later changes of this prop are ignored). */
  initialHtml: string;
  onChange: (html: string) => void;
  description?: string;
  error?: string | undefined;
  className?: string;
}

type Command = 'bold' | 'italic' | 'underline' | 'insertUnorderedList' | 'insertOrderedList';
const commands: Array<{ command: Command; key: string; shortcut?: string }> = [
  { command: 'bold', key: 'bold', shortcut: 'Ctrl+B' },
  { command: 'italic', key: 'italic', shortcut: 'Ctrl+I' },
  { command: 'underline', key: 'underline', shortcut: 'Ctrl+U' },
  { command: 'insertUnorderedList', key: 'bulletList' },
  { command: 'insertOrderedList', key: 'numberedList' },
];

/**
 * The app's rich text editor: an editable multi-line textbox and a toolbar
 * (bold, italic, underline, lists, link), for messages and the cahier de
 * textes alike. The server sanitizes what it produces with an allow-list.
 */
export function RichTextEditor({ label, initialHtml, onChange, description, error, className }: RichTextEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const area = useRef<HTMLDivElement>(null);
  const saved = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkUrl, setLinkUrl] = useState('https://');
  const [linkError, setLinkError] = useState('');
  useEffect(() => {
    if (area.current) area.current.innerHTML = initialHtml;
    // Only the first content: the editor owns its DOM afterwards.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const emit = () => onChange(area.current?.innerHTML ?? '');
  const run = (command: Command) => {
    area.current?.focus();
    document.execCommand(command);
    emit();
  };
  const openLink = () => {
    const selection = window.getSelection();
    saved.current = selection && selection.rangeCount > 0 && area.current?.contains(selection.anchorNode) ? selection.getRangeAt(0) : null;
    setLinkError('');
    setLinkOpen(true);
  };
  const insertLink = () => {
    const url = linkUrl.trim();
    if (!/^https?:\/\/\S+$/i.test(url)) {
      setLinkError(t('editor.linkInvalid'));
      return;
    }
    area.current?.focus();
    const selection = window.getSelection();
    if (saved.current && selection) {
      selection.removeAllRanges();
      selection.addRange(saved.current);
    }
    if (!saved.current || saved.current.collapsed) document.execCommand('insertText', false, url);
    if (saved.current && !saved.current.collapsed) document.execCommand('createLink', false, url);
    else {
      // The text just typed is the link's label: select it back and link it.
      const range = window.getSelection()?.getRangeAt(0);
      if (range && range.startContainer.nodeType === Node.TEXT_NODE) {
        range.setStart(range.startContainer, Math.max(0, range.startOffset - url.length));
        document.execCommand('createLink', false, url);
        window.getSelection()?.collapseToEnd();
      }
    }
    setLinkOpen(false);
    setLinkUrl('https://');
    emit();
  };
  const describedBy = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field rich-field ${className ?? ''}`}>
      <span className="field__label" id={`${id}-label`}>
        {label}
      </span>
      {description ? (
        <p className="field__description" id={`${id}-description`}>
          {description}
        </p>
      ) : null}
      <div className="rich-field__box">
        <div role="toolbar" aria-label={t('editor.toolbar', { label })} aria-controls={`${id}-area`} className="rich-field__toolbar">
          {commands.map(({ command, key, shortcut }) => (
            <button
              key={command}
              type="button"
              className={`rich-field__button rich-field__button--${key}`}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => run(command)}
              title={shortcut ? `${t(`editor.${key}`)} (${shortcut})` : undefined}
            >
              <span aria-hidden="true">{t(`editor.${key}Short`)}</span>
              <span className="visually-hidden">{t(`editor.${key}`)}</span>
            </button>
          ))}
          <button type="button" className="rich-field__button" onMouseDown={(event) => event.preventDefault()} onClick={openLink} aria-expanded={linkOpen}>
            <span aria-hidden="true">{t('editor.linkShort')}</span>
            <span className="visually-hidden">{t('editor.link')}</span>
          </button>
        </div>
        {linkOpen ? (
          <div className="rich-field__link">
            <label htmlFor={`${id}-url`} className="field__label">
              {t('editor.linkUrl')}
            </label>
            <div className="rich-field__link-row">
              <input
                id={`${id}-url`}
                className="field__input"
                type="url"
                value={linkUrl}
                onChange={(e) => setLinkUrl(e.target.value)}
                aria-invalid={linkError ? true : undefined}
                aria-describedby={linkError ? `${id}-url-error` : undefined}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    insertLink();
                  }
                  if (e.key === 'Escape') setLinkOpen(false);
                }}
                autoFocus
              />
              <button type="button" className="btn btn--secondary btn--small" onClick={insertLink}>
                {t('editor.insertLink')}
              </button>
              <button type="button" className="btn btn--ghost btn--small" onClick={() => setLinkOpen(false)}>
                {t('common.close')}
              </button>
            </div>
            <FieldErrorText id={`${id}-url-error`} error={linkError} />
          </div>
        ) : null}
        <div
          ref={area}
          id={`${id}-area`}
          className="rich-field__area rich-text field__input"
          contentEditable
          suppressContentEditableWarning
          role="textbox"
          aria-multiline="true"
          aria-labelledby={`${id}-label`}
          aria-describedby={describedBy || undefined}
          aria-invalid={error ? true : undefined}
          tabIndex={0}
          onInput={emit}
        />
      </div>
      <FieldErrorText id={`${id}-error`} error={error} />
    </div>
  );
}
