import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { orientationApi } from '../../api/orientation-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { TableContainer } from '../../components/TableContainer.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { Breadcrumb } from './Breadcrumb.tsx';
import { FavoriteButton } from './FavoriteButton.tsx';
import './orientation.css';

/** /orientation/formations/:id — a formation: where it is taught (nearest first) and the métiers it leads to. */
export function FormationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const valid = /^FOR\.\d{1,10}$/.test(id);
  const formation = useQuery({ queryKey: ['orientation', 'formation', id], queryFn: () => orientationApi.formation(id), enabled: valid });
  if (!valid || (formation.isError && isApiError(formation.error, 'NOT_FOUND'))) return <NotFoundPage />;
  if (formation.isPending) return <Loading />;
  if (formation.isError) return <QueryError error={formation.error} onRetry={() => void formation.refetch()} />;
  const f = formation.data;
  return (
    <>
      <PageHeader
        title={f.label}
        before={<Breadcrumb current={f.label} />}
        subtitle={
          <p>
            {f.typeLabel ? <Badge>{f.typeLabel}</Badge> : null} {f.levelLabel ? `${t('orientation.exitLevel')} : ${f.levelLabel}` : null}
            {f.duration ? ` · ${t('orientation.duration')} : ${f.duration}` : null}
          </p>
        }
        actions={<FavoriteButton kind="FORMATION" id={f.id} label={f.label} />}
      />
      <div className="stack">
        <section className="card" aria-labelledby="formation-places">
          <h2 id="formation-places" className="card__title">
            {t('orientation.whereTaught', { count: f.places.length })}
          </h2>
          {f.places.length === 0 ? (
            <p>{t('orientation.noPlace')}</p>
          ) : (
            <TableContainer label={t('orientation.placesTable')}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('orientation.place')}</th>
                    <th scope="col">{t('orientation.city')}</th>
                    <th scope="col">{t('orientation.status')}</th>
                    <th scope="col">{t('orientation.distanceColumn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.places.map((p) => (
                    <tr key={`${p.id}-${p.apprenticeship}`}>
                      <th scope="row">
                        <a href={p.url} rel="noopener noreferrer" target="_blank">
                          {p.name}
                          <span className="visually-hidden"> {t('orientation.onOnisep')}</span>
                        </a>
                        {p.apprenticeship ? <> <Badge tone="info">{t('orientation.apprenticeshipBadge')}</Badge></> : null}
                      </th>
                      <td>{[p.city, p.departement].filter(Boolean).join(', ')}</td>
                      <td>{p.status ? t(`orientation.statuses.${p.status}`) : ''}</td>
                      <td>{p.distanceKm !== null ? t('orientation.km', { km: p.distanceKm.toLocaleString(i18n.language) }) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableContainer>
          )}
        </section>
        <section className="card" aria-labelledby="formation-metiers">
          <h2 id="formation-metiers" className="card__title">
            {t('orientation.leadsTo')}
          </h2>
          {f.metiers.length === 0 ? (
            <p>{t('orientation.noMetier')}</p>
          ) : (
            <ul className="orientation-links">
              {f.metiers.map((m) => (
                <li key={m.id}>
                  <Link to={`/orientation/metiers/${m.id}`}>{m.label}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <p>
          <a href={f.url} rel="noopener noreferrer" target="_blank">
            {t('orientation.seeOnOnisep')}
          </a>
        </p>
      </div>
    </>
  );
}
