import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluationsApi, evaluationsKeys } from '../../api/evaluations-api.ts';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/**
 * For the head of the structure: each period's averages and appreciations
 * as the Livret scolaire CSV (docs/vie-scolaire/LIVRET-CSV.md), the same
 * figures as the bulletins.
 */
export function LivretExportCard({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const periods = useQuery({ queryKey: evaluationsKeys.periods(structureId), queryFn: () => evaluationsApi.periods(structureId) });
  const [error, setError] = useState<unknown>();
  const items = periods.data?.items ?? [];
  const label = (p: (typeof items)[number]) => t(p.kind === 'TRIMESTRE' ? 'notes.periodsSetup.trimestre' : 'notes.periodsSetup.semestre', { rank: p.rank });
  return (
    <Card title={t('notes.livretExport.title')} description={<p>{t('notes.livretExport.help')}</p>}>
      {periods.isSuccess && items.length === 0 ? (
        <EmptyState>{t('notes.livretExport.noPeriods')}</EmptyState>
      ) : (
        <div className="stack">
          {items.map((p) => (
            <div key={p.id}>
              <Button
                variant="secondary"
                onPress={() => {
                  setError(undefined);
                  evaluationsApi.downloadLivret(p.id).catch(setError);
                }}
              >
                {t('notes.livretExport.download', { period: label(p) })}
              </Button>
            </div>
          ))}
        </div>
      )}
      <ErrorAlert error={error} />
    </Card>
  );
}
