import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TimelineItem } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { formatDate } from '../messagerie/format.ts';
import { messagingApi } from '../messagerie/messaging-api.ts';
import { messagingKeys } from '../messagerie/messaging-queries.ts';
import { useTimeline } from './portal-queries.ts';

/** Where an event of the timeline leads. */
function linkOf(item: TimelineItem): string | undefined {
  if (item.objectType === 'message') return `/messagerie/messages/${item.objectId}`;
  if (item.objectType === 'orientation_deadline') return '/orientation';
  if (item.objectType === 'support_ticket') return `/support/tickets/${item.objectId}`;
  return undefined;
}

/** The portal's timeline: what happened that concerns me, newest first, unread marked; live through the WebSocket. */
export function NotificationsPanel() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const timeline = useTimeline();
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = items.filter((item) => !item.isRead).length;
  const readAll = useMutation({
    mutationFn: messagingApi.timelineReadAll,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagingKeys.timeline }),
  });
  const readOne = (item: TimelineItem) => {
    if (!item.isRead) void messagingApi.timelineRead(item.id).then(() => queryClient.invalidateQueries({ queryKey: messagingKeys.timeline }));
  };
  return (
    <section className="portal-section card" aria-labelledby="portal-notifications">
      <div className="timeline__head">
        <h2 id="portal-notifications" className="card__title">
          {t('portal.notifications')}
          {unread > 0 ? <span className="nav-badge timeline__count">{t('messagerie.timeline.unreadCount', { count: unread })}</span> : null}
        </h2>
        {unread > 0 ? (
          <Button variant="ghost" size="small" onPress={() => readAll.mutate()} isPending={readAll.isPending}>
            {t('messagerie.timeline.markAllRead')}
          </Button>
        ) : null}
      </div>
      {timeline.isPending ? <Loading /> : null}
      {timeline.isError ? <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} /> : null}
      {timeline.isSuccess && items.length === 0 ? (
        <EmptyState icon="bell">
          <p>{t('portal.noNotifications')}</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <ul className="timeline">
          {items.map((item) => {
            const href = linkOf(item);
            const text =
              item.kind === 'messaging.received'
                ? t('messagerie.timeline.received', { name: item.actorName ?? '', subject: String(item.data.subject ?? '') || t('messagerie.noSubject') })
                : item.kind === 'orientation.deadline'
                  ? t('orientation.timelineDeadline', { label: String(item.data.label ?? ''), date: new Date(`${String(item.data.dueOn ?? '')}T12:00:00Z`).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long' }) })
                  : item.kind === 'support.status'
                    ? t('support.timelineStatus', { name: item.actorName ?? '', title: String(item.data.title ?? ''), status: t(`support.statuses.${String(item.data.to ?? 'NEW')}`) })
                    : item.kind === 'support.comment'
                      ? t('support.timelineComment', { name: item.actorName ?? '', title: String(item.data.title ?? '') })
                      : t('messagerie.timeline.other');
            return (
              <li key={item.id} className={item.isRead ? 'timeline__item' : 'timeline__item is-unread'}>
                {item.isRead ? null : <span className="message-row__dot" aria-hidden="true" />}
                <div>
                  {item.isRead ? null : <span className="visually-hidden">{t('messagerie.unread')} : </span>}
                  {href ? (
                    <Link to={href} onClick={() => readOne(item)}>
                      {text}
                    </Link>
                  ) : (
                    text
                  )}
                  <div className="muted timeline__date">
                    <time dateTime={item.createdAt}>{formatDate(item.createdAt, i18n.language)}</time>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      <ShowMoreButton hasMore={Boolean(timeline.hasNextPage)} isLoading={timeline.isFetchingNextPage} onPress={() => void timeline.fetchNextPage()} />
    </section>
  );
}
