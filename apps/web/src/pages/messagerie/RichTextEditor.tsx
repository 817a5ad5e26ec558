import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface RichTextEditorProps {
  labelId: string;
  /** The content when the editor opens (later changes of this prop are ignored). */
  initialHtml: string;
  onChange: (html: string) => void;
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
 * A small rich text editor: an editable region (a multi-line textbox for
 * assistive technologies) and a toolbar. Whatever it produces is sanitized
 * by the server with an allow-list.
 */
export function RichTextEditor({ labelId, initialHtml, onChange }: RichTextEditorProps) {
  const { t } = useTranslation();
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (area.current) area.current.innerHTML = initialHtml;
    // Only the first content: the editor owns its DOM afterwards.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const run = (command: Command) => {
    area.current?.focus();
    document.execCommand(command);
    onChange(area.current?.innerHTML ?? '');
  };
  return (
    <div className="rich-editor">
      <div role="toolbar" aria-label={t('messagerie.editor.toolbar')} aria-controls={`${labelId}-area`} className="rich-editor__toolbar">
        {commands.map(({ command, key, shortcut }) => (
          <button
            key={command}
            type="button"
            className={`rich-editor__button rich-editor__button--${key}`}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => run(command)}
            title={shortcut ? `${t(`messagerie.editor.${key}`)} (${shortcut})` : t(`messagerie.editor.${key}`)}
          >
            {t(`messagerie.editor.${key}Short`)}
            <span className="visually-hidden"> {t(`messagerie.editor.${key}`)}</span>
          </button>
        ))}
      </div>
      <div
        ref={area}
        id={`${labelId}-area`}
        className="rich-editor__area rich-text field__input"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-labelledby={labelId}
        tabIndex={0}
        onInput={() => onChange(area.current?.innerHTML ?? '')}
      />
    </div>
  );
}
