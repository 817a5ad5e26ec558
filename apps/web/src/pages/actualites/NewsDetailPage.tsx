import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NewsTransition } from '@preau/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { newsApi, newsKeys } from '../../api/news-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { RichText } from '../../components/RichText.tsx';
import { formatInstant } from '../emploi-du-temps/dates.ts';
import { NewsComments } from './NewsComments.tsx';
import { useNewsItem } from './news-queries.ts';
import './actualites.css';

/** /actualites/:id: one news item, and what the reader may do with it (submit, publish, unpublish, edit, delete). */
export function NewsDetailPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const item = useNewsItem(id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const transition = useMutation({
    mutationFn: (action: NewsTransition['action']) => newsApi.transition(id!, action),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: newsKeys.all }),
  });
  const remove = useMutation({
    mutationFn: () => newsApi.remove(id!),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: newsKeys.all });
      void navigate('/actualites?box=mine');
    },
  });
  if (item.isPending) return <Loading />;
  if (item.isError) return <QueryError error={item.error} onRetry={() => void item.refetch()} />;
  const news = item.data;
  const when = news.publishAt ?? news.updatedAt;
  return (
    <>
      <PageHeader
        title={news.title}
        before={
          <p>
            <Link to="/actualites">{t('actualites.back')}</Link>
          </p>
        }
        subtitle={
          <p className="muted">
            {news.state !== 'PUBLISHED' ? <Badge tone={news.state === 'SUBMITTED' ? 'warning' : 'neutral'}>{t(`actualites.state.${news.state}`)}</Badge> : null}{' '}
            {t('actualites.meta', { target: news.target.name, author: news.authorName, date: formatInstant(when, i18n.language) })}
            {news.expireAt ? ` · ${t('actualites.until', { date: formatInstant(news.expireAt, i18n.language) })}` : null}
          </p>
        }
      />
      <article className="card stack">
        <RichText html={news.contentHtml} />
        {news.images.length > 0 ? (
          <div className="news-images">
            {news.images.map((image) => (
              <img key={image.id} src={image.url} alt={image.fileName} loading="lazy" />
            ))}
          </div>
        ) : null}
      </article>
      {transition.isError ? <ErrorAlert error={transition.error} /> : null}
      <div className="news-actions">
        {news.canSubmit ? (
          <Button onPress={() => transition.mutate('submit')} isPending={transition.isPending}>
            {t('actualites.submit')}
          </Button>
        ) : null}
        {news.canPublish ? (
          <Button onPress={() => transition.mutate('publish')} isPending={transition.isPending}>
            {t('actualites.publish')}
          </Button>
        ) : null}
        {news.canUnpublish ? (
          <Button variant="secondary" onPress={() => transition.mutate('unpublish')} isPending={transition.isPending}>
            {t('actualites.unpublish')}
          </Button>
        ) : null}
        {news.canEdit ? (
          <ButtonLink variant="secondary" to={`/actualites/${news.id}/modifier`}>
            {t('actualites.edit')}
          </ButtonLink>
        ) : null}
        {news.canDelete ? (
          <Button variant="danger" onPress={() => setConfirmDelete(true)}>
            {t('actualites.delete')}
          </Button>
        ) : null}
      </div>
      {news.commentsEnabled && news.state === 'PUBLISHED' ? <NewsComments news={news} /> : null}
      <ModalDialog isOpen={confirmDelete} onOpenChange={setConfirmDelete} title={t('actualites.deleteConfirmTitle')} role="alertdialog">
        <p>{t('actualites.deleteConfirm', { title: news.title })}</p>
        {remove.isError ? <ErrorAlert error={remove.error} /> : null}
        <div className="news-actions">
          <Button variant="danger" onPress={() => remove.mutate()} isPending={remove.isPending}>
            {t('actualites.delete')}
          </Button>
          <Button variant="secondary" onPress={() => setConfirmDelete(false)}>
            {t('actualites.cancel')}
          </Button>
        </div>
      </ModalDialog>
    </>
  );
}
