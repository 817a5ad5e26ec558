import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { orientationApi } from '../../api/orientation-api.ts';
import { Button } from '../../components/Button.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TextField } from '../../components/TextField.tsx';
import { Breadcrumb } from './Breadcrumb.tsx';
import { ResultsCard } from './ResultsCard.tsx';
import './orientation.css';

/** /orientation/metiers — search the Onisep métiers. */
export function MetiersSearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const results = useInfiniteQuery({
    queryKey: ['orientation', 'metiers', q],
    queryFn: ({ pageParam }) => orientationApi.metiers(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title={t('orientation.metiers')} before={<Breadcrumb current={t('orientation.metiers')} />} subtitle={<p>{t('orientation.metiersSubtitle')}</p>} />
      <div className="stack">
        <form role="search" aria-label={t('orientation.metiers')} className="card form orientation-filters" onSubmit={submit}>
          <TextField label={t('orientation.metierQuery')} description={t('orientation.queryHelp')} value={text} onChange={setText} type="search" />
          <div className="form__actions">
            <Button type="submit">{t('orientation.search')}</Button>
          </div>
        </form>
        <ResultsCard id="metier-results" results={results} count={items.length} empty={t('orientation.noMetier')}>
          {items.map((m) => (
            <li key={m.id} className="orientation-item">
              <Link to={`/orientation/metiers/${m.id}`} className="orientation-item__title">
                {m.label}
              </Link>
              {m.domain ? <p className="orientation-item__meta">{m.domain}</p> : null}
            </li>
          ))}
        </ResultsCard>
      </div>
    </>
  );
}
