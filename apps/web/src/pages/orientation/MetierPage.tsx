import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { orientationApi } from '../../api/orientation-api.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { Breadcrumb } from './Breadcrumb.tsx';
import { FavoriteButton } from './FavoriteButton.tsx';
import { FormationItem } from './FormationItem.tsx';
import './orientation.css';

/** /orientation/metiers/:id — a métier and the formations that lead to it. */
export function MetierPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const valid = /^MET\.\d{1,10}$/.test(id);
  const metier = useQuery({ queryKey: ['orientation', 'metier', id], queryFn: () => orientationApi.metier(id), enabled: valid });
  if (!valid || (metier.isError && isApiError(metier.error, 'NOT_FOUND'))) return <NotFoundPage />;
  if (metier.isPending) return <Loading />;
  if (metier.isError) return <QueryError error={metier.error} onRetry={() => void metier.refetch()} />;
  const m = metier.data;
  return (
    <>
      <PageHeader
        title={m.label}
        before={<Breadcrumb current={m.label} middle={{ to: '/orientation/metiers', label: t('orientation.metiers') }} />}
        subtitle={m.domain ? <p>{t('orientation.domain')} : {m.domain}</p> : undefined}
        actions={<FavoriteButton kind="METIER" id={m.id} label={m.label} />}
      />
      <div className="stack">
        <section className="card" aria-labelledby="metier-formations">
          <h2 id="metier-formations" className="card__title">
            {t('orientation.formationsLeading')}
          </h2>
          {m.formations.length === 0 ? (
            <p>{t('orientation.noFormation')}</p>
          ) : (
            <ul className="orientation-results">
              {m.formations.map((f) => (
                <FormationItem key={f.id} formation={f} />
              ))}
            </ul>
          )}
        </section>
        <p>
          <a href={m.url} rel="noopener noreferrer" target="_blank">
            {t('orientation.seeOnOnisep')}
          </a>
        </p>
      </div>
    </>
  );
}
