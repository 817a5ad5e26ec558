import { z } from 'zod';
import { AdminRole, Email, Profile, StaffFunction, StructureRef } from './common.ts';

export const Login = z.string().trim().min(1).max(100);
export const Password = z.string().min(1).max(256);

export const LoginBody = z.strictObject({ login: Login, password: Password });
export type LoginBody = z.infer<typeof LoginBody>;

export const AppTile = z.object({
  id: z.string(),
  path: z.string(),
});
export type AppTile = z.infer<typeof AppTile>;

/** Who is logged in: what `GET /api/v1/me` answers. */
export const Me = z.object({
  id: z.uuid(),
  login: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.string(),
  profile: Profile,
  staffFunction: StaffFunction.nullable(),
  email: z.string().nullable(),
  locale: z.enum(['fr', 'en']),
  structures: z.array(StructureRef),
  adminRoles: z.array(z.object({ role: AdminRole, scopeId: z.uuid(), scopeName: z.string() })),
  apps: z.array(AppTile),
});
export type Me = z.infer<typeof Me>;

export const SessionResponse = z.object({ me: Me, csrfToken: z.string() });
export type SessionResponse = z.infer<typeof SessionResponse>;

/**
 * `POST /auth/login` answers either a session, or — when the login was given
 * with a valid activation code of a not-yet-activated account — an
 * activation ticket to finish the first login with.
 */
export const LoginResponse = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('session'), me: Me, csrfToken: z.string() }),
  z.object({
    kind: z.literal('activation'),
    activationToken: z.string(),
    login: z.string(),
    firstName: z.string(),
  }),
]);
export type LoginResponse = z.infer<typeof LoginResponse>;

export const ActivateBody = z.strictObject({
  activationToken: z.string().min(1).max(200),
  password: z.string().min(1).max(256),
  acceptCharter: z.boolean(),
  email: Email.optional(),
});
export type ActivateBody = z.infer<typeof ActivateBody>;

export const ForgotPasswordBody = z.strictObject({ login: Login });
export const ResetPasswordBody = z.strictObject({ token: z.string().min(1).max(200), password: z.string().min(1).max(256) });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** Changing the e-mail asks for the current password (`currentPassword`); the language does not. */
export const UpdateMeBody = z.strictObject({
  email: Email.nullable().optional(),
  locale: z.enum(['fr', 'en']).optional(),
  currentPassword: z.string().min(1).max(256).optional(),
});
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const MessageResponse = z.object({ message: z.string() });
