import {
  NotificationPreferences,
  NotificationPreferencesUpdate,
  PushPublicKey,
  PushSubscriptionDelete,
  PushSubscriptionInput,
  TimelineIdParams,
  TimelinePage,
  TimelineQuery,
  UnreadCount,
} from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { registerLiveRoute } from './live.ts';
import { ensureVapidKeys, subscribePush, unsubscribePush } from './notifications.service.ts';
import {
  getPreferences,
  listTimeline,
  markTimelineAllRead,
  markTimelineRead,
  timelineUnreadCount,
  updatePreferences,
} from './timeline.service.ts';

/** The timeline, notification preferences, push subscriptions and the live channel, under /api/v1. */
export function timelineRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['timeline'];
    const noContent = { 204: z.null() };

    app.get('/timeline', { schema: { tags, summary: 'What happened that concerns me, newest first', querystring: TimelineQuery, response: { 200: TimelinePage } } }, async (request) =>
      listTimeline(platform, actorOf(request), request.query),
    );
    app.get('/timeline/unread-count', { schema: { tags, summary: 'Unread timeline events', response: { 200: UnreadCount } } }, async (request) =>
      timelineUnreadCount(platform, actorOf(request)),
    );
    app.post('/timeline/:id/read', { schema: { tags, summary: 'Mark one event read', params: TimelineIdParams, response: noContent } }, async (request, reply) => {
      await markTimelineRead(platform, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    });
    app.post('/timeline/read-all', { schema: { tags, summary: 'Mark every event read', response: noContent } }, async (request, reply) => {
      await markTimelineAllRead(platform, actorOf(request));
      return reply.status(204).send(null);
    });

    app.get('/notifications/preferences', { schema: { tags, summary: 'My channel per kind of event', response: { 200: NotificationPreferences } } }, async (request) =>
      getPreferences(platform, actorOf(request)),
    );
    app.put(
      '/notifications/preferences',
      { schema: { tags, summary: 'Choose nothing, ENT, daily e-mail digest or Web Push per kind', body: NotificationPreferencesUpdate, response: { 200: NotificationPreferences } } },
      async (request) => updatePreferences(platform, actorOf(request), request.body.items),
    );
    app.get('/notifications/push/public-key', { schema: { tags, summary: 'The VAPID public key to subscribe with', response: { 200: PushPublicKey } } }, async (request) => {
      actorOf(request);
      return { publicKey: (await ensureVapidKeys(platform)).publicKey };
    });
    app.post(
      '/notifications/push/subscriptions',
      { schema: { tags, summary: 'Register this browser for Web Push', body: PushSubscriptionInput, response: noContent } },
      async (request, reply) => {
        await subscribePush(platform, actorOf(request), request.body);
        return reply.status(204).send(null);
      },
    );
    app.delete(
      '/notifications/push/subscriptions',
      { schema: { tags, summary: 'Unregister a browser', body: PushSubscriptionDelete, response: noContent } },
      async (request, reply) => {
        await unsubscribePush(platform, actorOf(request), request.body.endpoint);
        return reply.status(204).send(null);
      },
    );

    registerLiveRoute(app, platform);
  };
}
