import type { FavoriteKind } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orientationApi, orientationKeys } from '../../api/orientation-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { errorText } from '../../lib/error-text.ts';
import { useCurrentUser } from '../../session/current-user.ts';

/** "Add to my favourites" for a student, on a formation's or a métier's page. */
export function FavoriteButton({ kind, id, label }: { kind: FavoriteKind; id: string; label: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const isStudent = me.profile === 'ELEVE';
  const project = useQuery({ queryKey: orientationKeys.project(me.id), queryFn: () => orientationApi.project(me.id), enabled: isStudent });
  const [done, setDone] = useState('');
  const add = useMutation({
    mutationFn: () => orientationApi.putFavorite(me.id, kind, id, ''),
    onSuccess: (data) => {
      queryClient.setQueryData(orientationKeys.project(me.id), data);
      setDone(t('orientation.favoriteAdded', { label }));
    },
  });
  if (!isStudent || !project.data) return null;
  const already = project.data.favorites.some((f) => f.kind === kind && f.id === id);
  return (
    <div>
      {already ? <p>{t('orientation.inFavorites')}</p> : <Button variant="secondary" onPress={() => add.mutate()} isPending={add.isPending}>{t('orientation.addFavorite')}</Button>}
      <LiveRegion>
        {add.isError ? <Alert tone="error"><p>{errorText(add.error, t)}</p></Alert> : done ? <Alert tone="success" title={done} /> : null}
      </LiveRegion>
    </div>
  );
}
