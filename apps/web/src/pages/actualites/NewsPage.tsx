import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { NewsBox } from '../../api/news-api.ts';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { NewsCard } from './NewsCard.tsx';
import { useNewsBox } from './news-queries.ts';
import './actualites.css';

const boxes: NewsBox[] = ['published', 'mine', 'pending'];

/** Whether the account may write news (staff) or validate them (head, admins): the boxes it sees. */
function writes(me: ReturnType<typeof useCurrentUser>): { write: boolean; validate: boolean } {
  const staff = me.profile === 'ENSEIGNANT' || me.profile === 'PERSONNEL';
  const validate = me.staffFunction === 'DIR' || me.adminRoles.length > 0;
  return { write: staff || validate, validate };
}

/** /actualites: the news I read, those I wrote, those waiting for my validation. */
export function NewsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const rights = writes(me);
  const [params, setParams] = useSearchParams();
  const visible = boxes.filter((b) => b === 'published' || (b === 'mine' && rights.write) || (b === 'pending' && rights.validate));
  const box = visible.find((b) => b === params.get('box')) ?? 'published';
  const list = useNewsBox(box);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title={t('actualites.title')} actions={rights.write ? <ButtonLink to="/actualites/nouvelle">{t('actualites.new')}</ButtonLink> : undefined} />
      {visible.length > 1 ? (
        <nav className="segmented" aria-label={t('actualites.boxes')}>
          {visible.map((b) => (
            <button
              key={b}
              type="button"
              className={b === box ? 'segmented__item is-active' : 'segmented__item'}
              aria-current={b === box ? 'page' : undefined}
              onClick={() => setParams(b === 'published' ? {} : { box: b })}
            >
              {t(`actualites.box.${b}`)}
            </button>
          ))}
        </nav>
      ) : null}
      <section className="card stack" aria-label={t(`actualites.box.${box}`)}>
        {list.isPending ? <Loading /> : null}
        {list.isError ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.isSuccess && items.length === 0 ? (
          <EmptyState icon="info">
            <p>{t(`actualites.empty.${box}`)}</p>
          </EmptyState>
        ) : null}
        {items.map((item) => (
          <NewsCard key={item.id} item={item} headingLevel={2} />
        ))}
        <ShowMoreButton hasMore={Boolean(list.hasNextPage)} isLoading={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()} />
      </section>
    </>
  );
}
