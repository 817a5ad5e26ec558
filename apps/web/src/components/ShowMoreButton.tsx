import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

interface ShowMoreButtonProps {
  hasMore: boolean;
  isLoading: boolean;
  onPress: () => void;
}

/** "Afficher plus": loads the next page of a cursor-paginated list. */
export function ShowMoreButton({ hasMore, isLoading, onPress }: ShowMoreButtonProps) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <div className="show-more">
      <Button variant="secondary" onPress={onPress} isPending={isLoading}>
        {t('common.showMore')}
      </Button>
    </div>
  );
}
