import { describe, expect, it } from 'vitest';
import { isCommonPassword } from './common-passwords.ts';
import { passwordProblems } from './password-rule.ts';

const check = (password: string, personal: string[] = []) => passwordProblems(password, { isCommon: isCommonPassword, personal });

describe('password rule (NIST SP 800-63B, ANSSI)', () => {
  it('accepts long passwords without asking for kinds of characters', () => {
    expect(check('Preau-Demo-2026!')).toEqual([]);
    expect(check('correct horse battery staple')).toEqual([]);
    expect(check('la marmotte emballe le chocolat')).toEqual([]);
    expect(check('gribouillis du mardi')).toEqual([]);
    expect(check('x7Kq#mZ2pL9w')).toEqual([]);
  });

  it('refuses repetitions and sequences dressed with one capital, digit and symbol', () => {
    expect(check('Aaaaaaaaaaa1!')).toEqual(['PATTERN']);
    expect(check('123456789012')).toContain('PATTERN');
    expect(check('Azertyuiop12')).toContain('PATTERN');
    expect(check('abcabcabcabc')).toContain('PATTERN');
    expect(check('Ab1!Ab1!Ab1!')).toContain('PATTERN');
    expect(check('qsdfghjklm!!')).toContain('PATTERN');
  });

  it('refuses common passwords, French ones too, even with digits, symbols and l33t', () => {
    for (const password of ['Motdepasse2024!', 'motdepasse123456', 'P@ssw0rd12345', 'Marseille13013', 'mot de passe 2026', 'Soleil-2010-!!', 'Jetaime123456']) {
      expect(check(password), password).toContain('COMMON');
    }
  });

  it('refuses the login and the names of the account', () => {
    expect(check('Jeanne-Dupont-2026', ['jeanne.dupont', 'Jeanne', 'Dupont'])).toEqual(['PERSONAL']);
    expect(check('zz-dupont-du-48', ['jeanne.dupont', 'Jeanne', 'Dupont'])).toEqual(['PERSONAL']);
    expect(check('Élodie pêche à la ligne', ['elodie.martin', 'Élodie', 'Martin'])).toEqual(['PERSONAL']);
    expect(check('pêche à la ligne', ['elodie.martin', 'Élodie', 'Martin'])).toEqual([]);
    // A short first name is no reason to refuse a common word that contains it.
    expect(check('please pass the clear water', ['lea.roy', 'Léa', 'Roy'])).toEqual([]);
  });

  it('states length limits: 12 at least, 128 at most', () => {
    expect(check('Kq#mZ2pL9w')).toEqual(['TOO_SHORT']);
    expect(check('x'.repeat(129))).toEqual(['TOO_LONG']);
    const long = 'Le petit chat gris dort sous la table du salon pendant que la pluie tombe doucement sur les toits de la vieille ville, le soir.!';
    expect([...long].length).toBe(128);
    expect(check(long)).toEqual([]);
  });

  it('checks without the list when none is given (the web app before it has loaded)', () => {
    expect(passwordProblems('Motdepasse2024!')).toEqual([]);
  });
});
