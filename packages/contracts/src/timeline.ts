import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';

/** The kinds of events the timeline shows and a user may set a preference for. */
export const notificationKinds = ['messaging.received'] as const;
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** Nothing, in the ENT only, in the ENT and a daily e-mail digest, in the ENT and Web Push. */
export const notificationChannels = ['NONE', 'ENT', 'DIGEST', 'PUSH'] as const;
export const NotificationChannel = z.enum(notificationChannels);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const TimelineItem = z.object({
  id: z.string(),
  kind: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  isRead: z.boolean(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;
export const TimelinePage = pageOf(TimelineItem);
export type TimelinePage = z.infer<typeof TimelinePage>;
export const TimelineQuery = PageQuery;
export const TimelineIdParams = z.strictObject({ id: z.string().regex(/^\d{1,18}$/) });

export const NotificationPreferences = z.object({
  items: z.array(z.object({ kind: NotificationKind, channel: NotificationChannel })),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;
export const NotificationPreferencesUpdate = z.strictObject({
  items: z.array(z.strictObject({ kind: NotificationKind, channel: NotificationChannel })).min(1).max(20),
});

export const PushPublicKey = z.object({ publicKey: z.string() });
export const PushSubscriptionInput = z.strictObject({
  endpoint: z.url().max(1000),
  keys: z.strictObject({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;
export const PushSubscriptionDelete = z.strictObject({ endpoint: z.url().max(1000) });
