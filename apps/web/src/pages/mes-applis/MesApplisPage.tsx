import type { ServiceTile } from '@preau/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { connectedServicesApi, connectedServicesKeys } from '../../api/connected-services-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Icon, type IconName } from '../../components/Icon.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorText } from '../../lib/error-text.ts';
import './mes-applis.css';

const iconOf: Record<ServiceTile['icon'], IconName> = {
  app: 'grid',
  book: 'book',
  calendar: 'calendar',
  chart: 'grid',
  library: 'book',
  school: 'building',
  video: 'grid',
  link: 'globe',
};

/** /mes-applis — the connected services offered to the user, searchable, favourites first. */
export function MesApplisPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const queryClient = useQueryClient();
  const tiles = useQuery({ queryKey: connectedServicesKeys.mine(q), queryFn: () => connectedServicesApi.mine(q), placeholderData: keepPreviousData });
  const [said, setSaid] = useState('');
  const favorite = useMutation({
    mutationFn: (tile: ServiceTile) => connectedServicesApi.setFavorite(tile.id, !tile.isFavorite),
    onSuccess: (_data, tile) => {
      setSaid(t(tile.isFavorite ? 'mesApplis.unfavorited' : 'mesApplis.favorited', { name: tile.name }));
      void queryClient.invalidateQueries({ queryKey: connectedServicesKeys.all });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  const items = tiles.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('mesApplis.title')} subtitle={<p>{t('mesApplis.subtitle')}</p>} />
      <div className="stack">
        {tiles.isError ? (
          <Alert tone="error">
            <p>{errorText(tiles.error, t)}</p>
          </Alert>
        ) : null}
        {items.length > 0 || q ? (
          <form role="search" aria-label={t('mesApplis.search')} className="card form" onSubmit={submit}>
            <TextField label={t('mesApplis.query')} value={text} onChange={setText} type="search" />
            <div className="form__actions">
              <Button type="submit">{t('mesApplis.search')}</Button>
            </div>
          </form>
        ) : null}
        {tiles.isSuccess && items.length === 0 ? <p className="card">{q ? t('mesApplis.noMatch', { q }) : t('mesApplis.empty')}</p> : null}
        {items.length > 0 ? (
          <ul className="tiles service-tiles">
            {items.map((tile) => (
              <li key={tile.id} className="service-tile">
                {/* A full page load: the launch goes through the server, which records it and redirects. */}
                <a href={tile.launchPath} className="tile">
                  <span className="tile__icon">
                    <Icon name={iconOf[tile.icon]} />
                  </span>
                  <span className="tile__text">
                    <span className="tile__name">{tile.name}</span>
                  </span>
                </a>
                <Button variant="secondary" size="small" aria-pressed={tile.isFavorite} onPress={() => favorite.mutate(tile)} isPending={favorite.isPending && favorite.variables?.id === tile.id}>
                  {tile.isFavorite ? t('mesApplis.removeFavorite', { name: tile.name }) : t('mesApplis.addFavorite', { name: tile.name })}
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
        <LiveRegion>
          {favorite.isError ? (
            <Alert tone="error">
              <p>{errorText(favorite.error, t)}</p>
            </Alert>
          ) : said ? (
            <p>{said}</p>
          ) : null}
        </LiveRegion>
      </div>
    </>
  );
}
