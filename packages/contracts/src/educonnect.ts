import { z } from 'zod';

/** `GET /auth/providers`: the login methods other than the password this ENT offers (the login page's buttons). */
export const LoginProvidersResponse = z.object({
  /** "Se connecter avec ÉduConnect", which starts at `/saml/educonnect/login`. */
  educonnect: z.boolean(),
});
export type LoginProvidersResponse = z.infer<typeof LoginProvidersResponse>;

/** Where the ÉduConnect button sends the browser (a full page load, not an API call). */
export const educonnectLoginPath = '/saml/educonnect/login';
