import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './password-errors.ts';

describe('checkNewPassword', () => {
  it('accepts a strong password confirmed', () => {
    expect(checkNewPassword('Preau-Demo-2026!', 'Preau-Demo-2026!')).toEqual({});
    expect(checkNewPassword('une phrase de passe longue', 'une phrase de passe longue')).toEqual({});
  });

  it('reports a missing, weak or mismatched password', () => {
    expect(checkNewPassword('', '')).toEqual({ password: 'validation.required', confirm: 'validation.required' });
    expect(checkNewPassword('court', 'court')).toEqual({ password: 'validation.passwordRule' });
    expect(checkNewPassword('Preau-Demo-2026!', 'Preau-Demo-2025!')).toEqual({ confirm: 'validation.passwordMismatch' });
  });
});
