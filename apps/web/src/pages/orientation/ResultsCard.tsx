import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';

/** What the card reads of a paged (infinite) search query. */
interface PagedResults {
  isFetching: boolean;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

interface ResultsCardProps {
  /** The heading's id. */
  id: string;
  results: PagedResults;
  /** How many items are loaded; none shows `empty`. */
  count: number;
  empty: string;
  /** The items, as list elements. */
  children: ReactNode;
}

/** The "Résultats" card of a catalogue search: loading, the error (with retry), none found, or the list and "show more". */
export function ResultsCard({ id, results, count, empty, children }: ResultsCardProps) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={id} aria-busy={results.isFetching}>
      <h2 id={id} className="card__title">
        {t('orientation.results')}
      </h2>
      {results.isPending ? (
        <Loading />
      ) : results.isError ? (
        <QueryError error={results.error} onRetry={() => void results.refetch()} />
      ) : count === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <>
          <ul className="orientation-results">{children}</ul>
          <ShowMoreButton hasMore={results.hasNextPage} isLoading={results.isFetchingNextPage} onPress={() => void results.fetchNextPage()} />
        </>
      )}
    </section>
  );
}
