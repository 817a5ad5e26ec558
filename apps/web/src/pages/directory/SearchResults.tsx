import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { ResultCount } from './ResultCount.tsx';

interface SearchResultsProps<T> {
  kind: 'people' | 'groups';
  q: string;
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[]; nextCursor: string | null }>>;
  renderItem: (item: T) => ReactNode;
}

/** The results of one annuaire tab: count (announced), list, "show more". */
export function SearchResults<T>({ kind, q, query, renderItem }: SearchResultsProps<T>) {
  const { t } = useTranslation();
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const ready = q.length > 0 && query.isSuccess && !query.isPlaceholderData;
  return (
    <div className="search-results">
      <LiveRegion className="result-count-region">
        {ready ? <ResultCount kind={kind} count={items.length} hasMore={query.hasNextPage} q={q} /> : null}
      </LiveRegion>
      {q.length === 0 ? (
        <EmptyState icon="search">
          <p>{t('directory.prompt')}</p>
        </EmptyState>
      ) : query.isPending || (query.isPlaceholderData && items.length === 0) ? (
        <Loading label={t('directory.searching')} />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length > 0 ? (
        <ul className="results">{items.map(renderItem)}</ul>
      ) : (
        <EmptyState icon="search">
          <p>{t('directory.noResultHelp')}</p>
        </EmptyState>
      )}
      <ShowMoreButton
        hasMore={ready && query.hasNextPage}
        isLoading={query.isFetchingNextPage}
        onPress={() => void query.fetchNextPage()}
      />
    </div>
  );
}
