import { PORTAL_NEWS_LIMIT } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { NewsCard } from './NewsCard.tsx';
import { useNewsBox } from './news-queries.ts';
import './actualites.css';

/** Portal widget "Actualités": the latest news the user is in the audience of. */
export function NewsWidget() {
  const { t } = useTranslation();
  const list = useNewsBox('published', PORTAL_NEWS_LIMIT);
  const items = list.data?.pages[0]?.items ?? [];
  return (
    <section className="portal-section card" aria-labelledby="portal-news">
      <h2 id="portal-news" className="card__title">
        {t('actualites.widget.title')}
      </h2>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState icon="info">
          <p>{t('actualites.widget.none')}</p>
        </EmptyState>
      ) : null}
      {items.map((item) => (
        <NewsCard key={item.id} item={item} />
      ))}
      <p className="widget-more">
        <Link to="/actualites">{t('actualites.widget.open')}</Link>
      </p>
    </section>
  );
}
