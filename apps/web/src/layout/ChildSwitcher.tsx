import type { Me } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useChosenChild } from '../session/child-choice.ts';

/**
 * The strip under the header for a parent of several children: which child the pages
 * show, one tap to follow another. Hidden with one child (nothing to choose).
 */
export function ChildSwitcher({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { children, child, choose } = useChosenChild(me);
  if (children.length < 2 || !child) return null;
  return (
    <section className="child-bar" aria-label={t('family.region')}>
      <div className="child-bar__inner container" role="group" aria-labelledby="child-bar-label">
        <span id="child-bar-label" className="child-bar__label">
          {t('family.following')}
        </span>
        <ul className="child-bar__list">
          {children.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="child-bar__child"
                aria-pressed={c.id === child.id}
                onClick={() => choose(c.id)}
              >
                <span className="child-bar__name">{c.firstName}</span>
                {c.classes.length > 0 ? <span className="child-bar__class">{t('family.inClass', { classes: c.classes.join(', ') })}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
