import { endCasSession } from '../connected-services/cas.service.ts';
import {
  ActivateBody,
  ChangePasswordBody,
  ForgotPasswordBody,
  LoginBody,
  LoginResponse,
  MessageResponse,
  ResetPasswordBody,
  SessionResponse,
  UpdateMeBody,
} from '@preau/contracts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { actorOf, clearSessionCookie } from '../../platform/http/session-hook.ts';
import { requestLocale } from '../../platform/i18n.ts';
import type { Platform } from '../../platform/platform.ts';
import { getMe, updateMe } from './account.service.ts';
import { activate } from './activation.service.ts';
import { login } from './login.service.ts';
import { changePassword, requestPasswordReset, resetPassword } from './password.service.ts';

const forgotMessage = {
  fr: 'Si ce compte existe et qu’une adresse e-mail y est associée, un lien de réinitialisation vient d’être envoyé. Sinon, demandez un nouveau code d’activation à l’administrateur de votre établissement.',
  en: 'If this account exists and has an e-mail address, a reset link has just been sent. Otherwise, ask your school’s administrator for a new activation code.',
};

function sessionOf(request: FastifyRequest) {
  if (!request.session) throw new AppError('UNAUTHENTICATED');
  return request.session;
}

/** Login, activation, password recovery, logout and "me", under /api/v1. */
export function identityRoutes(platform: Platform): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['identity'];
    const publicRoute = { public: true };

    app.post(
      '/auth/login',
      { config: publicRoute, schema: { tags, summary: 'Log in with a password or an activation code', body: LoginBody, response: { 200: LoginResponse } } },
      async (request, reply) => login(platform, reply, request.body, request.ip),
    );

    app.post(
      '/auth/activate',
      { config: publicRoute, schema: { tags, summary: 'Finish the first login: password, charter, e-mail', body: ActivateBody, response: { 200: SessionResponse } } },
      async (request, reply) => activate(platform, reply, request.body),
    );

    app.post('/auth/logout', { schema: { tags, summary: 'Log out of this session', response: { 204: z.null() } } }, async (request, reply) => {
      // Single logout: the connected services this session signed into are told (not awaited).
      await endCasSession(platform, sessionOf(request).idHash);
      await platform.sessions.delete(sessionOf(request).idHash);
      clearSessionCookie(platform, reply);
      return reply.status(204).send(null);
    });

    app.post('/auth/logout-all', { schema: { tags, summary: 'Log out of every session of this account', response: { 204: z.null() } } }, async (request, reply) => {
      await platform.sessions.deleteAllFor(sessionOf(request).data.accountId);
      clearSessionCookie(platform, reply);
      return reply.status(204).send(null);
    });

    app.post(
      '/auth/password/forgot',
      { config: publicRoute, schema: { tags, summary: 'Ask for a password reset link', body: ForgotPasswordBody, response: { 202: MessageResponse } } },
      async (request, reply) => {
        // Not awaited: the answer and its timing must not depend on whether a mail leaves.
        requestPasswordReset(platform, request.body.login).catch((error: unknown) => request.log.error({ err: error }, 'password reset mail failed'));
        return reply.status(202).send({ message: forgotMessage[requestLocale(request)] });
      },
    );

    app.post(
      '/auth/password/reset',
      { config: publicRoute, schema: { tags, summary: 'Set a new password from a reset link', body: ResetPasswordBody, response: { 204: z.null() } } },
      async (request, reply) => {
        await resetPassword(platform, request.body);
        return reply.status(204).send(null);
      },
    );

    app.get('/me', { schema: { tags, summary: 'Who is logged in', response: { 200: SessionResponse } } }, async (request) =>
      getMe(platform, sessionOf(request), actorOf(request)),
    );

    app.patch(
      '/me',
      { schema: { tags, summary: 'Change my language, or my e-mail (with my current password)', body: UpdateMeBody, response: { 200: SessionResponse } } },
      async (request, reply) => updateMe(platform, reply, { session: sessionOf(request), actor: actorOf(request), ip: request.ip, body: request.body }),
    );

    app.post('/me/password', { schema: { tags, summary: 'Change my password', body: ChangePasswordBody, response: { 204: z.null() } } }, async (request, reply) => {
      await changePassword(platform, sessionOf(request), request.body, request.ip);
      return reply.status(204).send(null);
    });
  };
}
