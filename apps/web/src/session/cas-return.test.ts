import { describe, expect, it } from 'vitest';
import { casReturnOf } from './GuestOnly.tsx';

/** After the login, the page goes back to Préau's own /cas/login only: never an open redirect. */
describe('casReturnOf', () => {
  it('keeps a return to /cas/login', () => {
    const back = '/cas/login?service=https%3A%2F%2Fvs.example.fr%2F&renew=true';
    expect(casReturnOf(`?retour=${encodeURIComponent(back)}`)).toBe(back);
  });

  it('keeps a return to an OpenID Connect interaction', () => {
    const back = '/oidc/interaction/Xy_9-abc';
    expect(casReturnOf(`?retour=${encodeURIComponent(back)}`)).toBe(back);
  });

  it.each([
    ['an interaction path going elsewhere', '/oidc/interaction/../../admin'],
    ['an interaction path with a query', '/oidc/interaction/abc?x=https://evil.example'],
    ['another site', 'https://evil.example/cas/login?service=x'],
    ['a protocol-relative URL', '//evil.example/cas/login?service=x'],
    ['another page of the app', '/admin'],
    ['a look-alike path', '/cas/loginx?service=x'],
    ['nothing', ''],
  ])('ignores %s', (_what, retour) => {
    expect(casReturnOf(`?retour=${encodeURIComponent(retour)}`)).toBeUndefined();
  });
});
