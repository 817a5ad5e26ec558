import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TimelineItem } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { formatDate } from '../messagerie/format.ts';
import { messagingApi } from '../messagerie/messaging-api.ts';
import { messagingKeys } from '../messagerie/messaging-queries.ts';
import { useTimeline } from './portal-queries.ts';
import { timelineEntry } from './timeline-text.ts';


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
            const { text, href, cancelled } = timelineEntry(item, t, i18n.language);
            return (
              <li key={item.id} className={item.isRead ? 'timeline__item' : 'timeline__item is-unread'}>
                {item.isRead ? null : <span className="message-row__dot" aria-hidden="true" />}
                <div>
                  {item.isRead ? null : <span className="visually-hidden">{t('messagerie.unread')} : </span>}
                  {cancelled ? (
                    <>
                      <Badge tone="danger">{t('events.cancelledBadge')}</Badge>{' '}
                    </>
                  ) : null}
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
