import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewsComment, NewsItem } from '@preau/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newsApi, newsKeys } from '../../api/news-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { formatInstant } from '../emploi-du-temps/dates.ts';

/**
 * The comments under a news item whose writer opened them: readers write,
 * the writer of a comment deletes it, publishers hide or delete any (a hidden
 * one stays listed to them, marked). Text only: what was typed is shown as is.
 */
export function NewsComments({ news }: { news: NewsItem }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const bodyId = useId();
  const [body, setBody] = useState('');
  const [deleting, setDeleting] = useState<NewsComment | null>(null);
  const comments = useQuery({ queryKey: newsKeys.comments(news.id), queryFn: () => newsApi.comments(news.id) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: newsKeys.comments(news.id) });
  const add = useMutation({
    mutationFn: () => newsApi.addComment(news.id, body),
    onSuccess: async () => {
      setBody('');
      await refresh();
    },
  });
  const moderate = useMutation({ mutationFn: (c: NewsComment) => newsApi.moderateComment(c.id, !c.hidden), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: (c: NewsComment) => newsApi.removeComment(c.id),
    onSuccess: async () => {
      setDeleting(null);
      await refresh();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) add.mutate();
  };
  return (
    <section className="card stack" aria-labelledby="news-comments-title">
      <h2 id="news-comments-title" className="card__title">
        {t('actualites.comments.title')}
      </h2>
      {comments.isPending ? <Loading /> : null}
      {comments.isError ? <QueryError error={comments.error} onRetry={() => void comments.refetch()} /> : null}
      {comments.isSuccess && comments.data.items.length === 0 ? (
        <EmptyState icon="mail">
          <p>{news.canComment ? t('actualites.comments.emptyCanWrite') : t('actualites.comments.empty')}</p>
        </EmptyState>
      ) : null}
      {comments.isSuccess && comments.data.items.length > 0 ? (
        <ul className="plain-list news-comments">
          {comments.data.items.map((c) => (
            <li key={c.id} className={c.hidden ? 'news-comment is-hidden' : 'news-comment'}>
              <p className="muted">
                <strong>{c.authorName}</strong> · {formatInstant(c.createdAt, i18n.language)}{' '}
                {c.hidden ? <Badge tone="warning">{t('actualites.comments.hidden')}</Badge> : null}
              </p>
              <p className="news-comment__body">{c.body}</p>
              <div className="news-actions">
                {news.canModerate ? (
                  <Button variant="secondary" size="small" onPress={() => moderate.mutate(c)} isPending={moderate.isPending && moderate.variables?.id === c.id}>
                    {c.hidden ? t('actualites.comments.show') : t('actualites.comments.hide')}
                  </Button>
                ) : null}
                {c.canDelete ? (
                  <Button variant="secondary" size="small" onPress={() => setDeleting(c)}>
                    {t('actualites.comments.delete')}
                  </Button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {moderate.isError ? <ErrorAlert error={moderate.error} /> : null}
      {news.canComment ? (
        <form className="form" onSubmit={onSubmit}>
          <div className="field">
            <label className="field__label" htmlFor={bodyId}>
              {t('actualites.comments.write')}
            </label>
            <textarea id={bodyId} className="field__input" rows={3} maxLength={2000} value={body} onChange={(event) => setBody(event.target.value)} />
          </div>
          {add.isError ? <ErrorAlert error={add.error} /> : null}
          <div className="form__actions">
            <Button type="submit" isPending={add.isPending} isDisabled={!body.trim()}>
              {t('actualites.comments.send')}
            </Button>
          </div>
        </form>
      ) : null}
      <ModalDialog isOpen={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)} title={t('actualites.comments.deleteConfirmTitle')} role="alertdialog">
        <p>{t('actualites.comments.deleteConfirm')}</p>
        {remove.isError ? <ErrorAlert error={remove.error} /> : null}
        <div className="news-actions">
          <Button variant="danger" onPress={() => deleting && remove.mutate(deleting)} isPending={remove.isPending}>
            {t('actualites.comments.delete')}
          </Button>
          <Button variant="secondary" onPress={() => setDeleting(null)}>
            {t('actualites.cancel')}
          </Button>
        </div>
      </ModalDialog>
    </section>
  );
}
