import { describe, expect, it } from 'vitest';
import { translations } from './resources.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [inner, text] of flatten(value, path)) entries.set(inner, text);
  }
  return entries;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]!).sort();
}

describe('translations', () => {
  const french = flatten(translations.fr);
  const english = flatten(translations.en);

  it('have the same keys in French and English', () => {
    expect([...english.keys()].sort()).toEqual([...french.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of french) {
      expect({ key, placeholders: placeholders(english.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('have no empty text', () => {
    for (const [key, text] of [...french, ...english]) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });
});
