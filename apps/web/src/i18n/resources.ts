import en from './en.json';
import fr from './fr.json';

export type TranslationTree = { [key: string]: string | TranslationTree };

/*
 * Each feature keeps its strings in its own `<feature>.fr.json` and
 * `<feature>.en.json` (top-level key = the feature), so features are added
 * without touching one shared file.
 */
const featureFiles = import.meta.glob<TranslationTree>('./*.{fr,en}.json', { eager: true, import: 'default' });

/** Deep merge: a feature may add keys inside a shared branch (its tile under `apps`, say). */
function mergeInto(target: TranslationTree, source: TranslationTree): TranslationTree {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] = typeof value === 'object' && typeof existing === 'object' ? mergeInto({ ...existing }, value) : value;
  }
  return target;
}

function merged(base: TranslationTree, locale: 'fr' | 'en'): TranslationTree {
  const tree: TranslationTree = structuredClone(base);
  for (const [path, strings] of Object.entries(featureFiles)) {
    if (path.endsWith(`.${locale}.json`)) mergeInto(tree, strings);
  }
  return tree;
}

/** Every interface string, per language (API error messages are added by i18n.ts). */
export const translations = { fr: merged(fr, 'fr'), en: merged(en, 'en') };
