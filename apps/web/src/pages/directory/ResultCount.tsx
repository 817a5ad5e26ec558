import { useTranslation } from 'react-i18next';

interface ResultCountProps {
  kind: 'people' | 'groups';
  count: number;
  hasMore: boolean;
  q: string;
}

/** "12 personnes trouvées": the text of the polite announcement of a search. */
export function ResultCount({ kind, count, hasMore, q }: ResultCountProps) {
  const { t } = useTranslation();
  const key = hasMore ? `directory.${kind}CountMore` : `directory.${kind}Count`;
  return <p className="result-count">{t(key, { count, q })}</p>;
}
