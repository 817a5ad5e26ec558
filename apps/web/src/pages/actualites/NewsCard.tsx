import type { NewsSummary } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge.tsx';
import { formatInstant } from '../emploi-du-temps/dates.ts';

/** One news item in a list: title (link), where it was posted, by whom, when; its state when not simply live. */
export function NewsCard({ item, headingLevel = 3 }: { item: NewsSummary; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const when = item.publishAt ?? item.updatedAt;
  return (
    <article className="news-card">
      <Heading className="news-card__title">
        <Link to={`/actualites/${item.id}`}>{item.title}</Link>
      </Heading>
      <p className="muted news-card__meta">
        {item.pinned ? <Badge tone="info">{t('actualites.pinned')}</Badge> : null}{' '}
        {item.state !== 'PUBLISHED' ? <Badge tone={item.state === 'SUBMITTED' ? 'warning' : 'neutral'}>{t(`actualites.state.${item.state}`)}</Badge> : null}{' '}
        {t('actualites.meta', { target: item.target.name, author: item.authorName, date: formatInstant(when, i18n.language) })}
      </p>
      {item.excerpt ? <p className="news-card__excerpt">{item.excerpt}</p> : null}
    </article>
  );
}
