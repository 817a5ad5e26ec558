import { describe, expect, it } from 'vitest';
import { openingBody } from './format.ts';

describe('what the editor opens with', () => {
  it('is an empty line to write on when there is no signature', () => {
    expect(openingBody('')).toBe('<p></p>');
    expect(openingBody('  \n ')).toBe('<p></p>');
  });

  it('puts the signature under the empty line, its lines kept and its text escaped', () => {
    expect(openingBody('Paul Durand\nProf. de maths <SVT & co>')).toBe('<p></p><p>Paul Durand<br>Prof. de maths &lt;SVT &amp; co&gt;</p>');
  });

  it('puts the quoted message of a reply or forward after the signature', () => {
    expect(openingBody('Paul', '<blockquote>Bonjour</blockquote>')).toBe('<p></p><p>Paul</p><blockquote>Bonjour</blockquote>');
  });
});
