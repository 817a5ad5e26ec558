import { isCommonPassword } from '@preau/contracts/common-passwords';
import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './password-errors.ts';

describe('checkNewPassword', () => {
  it('accepts a long password or a passphrase, confirmed', () => {
    expect(checkNewPassword('Preau-Demo-2026!', 'Preau-Demo-2026!')).toEqual({});
    expect(checkNewPassword('une phrase de passe longue', 'une phrase de passe longue')).toEqual({});
  });

  it('reports a missing, weak or mismatched password', () => {
    expect(checkNewPassword('', '')).toEqual({ password: 'validation.required', confirm: 'validation.required' });
    expect(checkNewPassword('court', 'court')).toEqual({ password: 'validation.passwordRule' });
    expect(checkNewPassword('Aaaaaaaaaaa1!', 'Aaaaaaaaaaa1!')).toEqual({ password: 'validation.passwordRule' });
    expect(checkNewPassword('Preau-Demo-2026!', 'Preau-Demo-2025!')).toEqual({ confirm: 'validation.passwordMismatch' });
  });

  it('uses the common-password list and the account’s names when the page has them', () => {
    expect(checkNewPassword('Motdepasse2024!', 'Motdepasse2024!', { isCommon: isCommonPassword })).toEqual({ password: 'validation.passwordRule' });
    expect(checkNewPassword('Jeanne-la-Grande!', 'Jeanne-la-Grande!', { personal: ['jeanne.dupont', 'Jeanne'] })).toEqual({
      password: 'validation.passwordRule',
    });
  });
});
