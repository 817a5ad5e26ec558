import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { workspaceApi, workspaceKeys } from '../../api/workspace-api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';

/** A teacher's classes: open a class folder, or create it (its students will read it). Nothing for others. */
export function ClassFoldersCard({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const choices = useQuery({ queryKey: workspaceKeys.classFolders, queryFn: workspaceApi.classFolders });
  const create = useMutation({
    mutationFn: workspaceApi.createClassFolder,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: workspaceKeys.classFolders });
      onCreated();
    },
  });
  const items = choices.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card documents-classes" aria-labelledby="documents-classes-title">
      <h2 id="documents-classes-title" className="card__title">
        {t('documents.classFolders')}
      </h2>
      <p className="documents-quota__note">{t('documents.classFoldersHelp')}</p>
      <ul>
        {items.map((choice) => (
          <li key={choice.classId}>
            {choice.folderId ? (
              <Link to={`/documents?vue=partages&dossier=${choice.folderId}`}>{t('documents.classFolderOf', { name: choice.name })}</Link>
            ) : (
              <Button variant="secondary" size="small" onPress={() => create.mutate(choice.classId)} isPending={create.isPending && create.variables === choice.classId}>
                {t('documents.createClassFolder', { name: choice.name })}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={create.error} />
      </LiveRegion>
    </section>
  );
}
