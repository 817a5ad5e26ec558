import type { AdminAccount, GarRespAff } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { garApi } from '../../api/gar-api.ts';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { useAccounts } from '../admin/admin-queries.ts';

const respAffKey = (structureId: string) => ['gar', 'resp-aff', structureId] as const;

/**
 * The structure's GAR responsables d'affectation: who assigns the publishers'
 * resources in the GAR console. The ADMC names and removes them; the ADML sees them.
 */
export function GarRespAffTab({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: respAffKey(structureId), queryFn: () => garApi.respAff(structureId) });
  const [removing, setRemoving] = useState<GarRespAff | undefined>();
  return (
    <div className="stack">
      <Card title={t('gar.respAff.title')} description={t('gar.respAff.description')}>
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          <EmptyState>
            <p>{query.data.canManage ? t('gar.respAff.emptyAdmc') : t('gar.respAff.emptyAdml')}</p>
          </EmptyState>
        ) : (
          <ul className="pick-list" aria-label={t('gar.respAff.title')}>
            {query.data.items.map((person) => (
              <li key={person.accountId} className="pick-list__item">
                <span>
                  <strong>
                    {person.firstName} {person.lastName}
                  </strong>
                  {person.email ? <> · {person.email}</> : null}
                </span>
                {query.data.canManage ? (
                  <Button variant="secondary" size="small" onPress={() => setRemoving(person)}>
                    {t('gar.respAff.remove', { name: `${person.firstName} ${person.lastName}` })}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {query.data?.canManage ? <NameRespAffCard structureId={structureId} named={query.data.items} /> : null}
      {removing ? <RemoveRespAffDialog structureId={structureId} person={removing} onClose={() => setRemoving(undefined)} /> : null}
    </div>
  );
}

function NameRespAffCard({ structureId, named }: { structureId: string; named: GarRespAff[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const accounts = useAccounts(structureId, { q, limit: 10 }, q.length >= 2);
  const mutation = useMutation({
    mutationFn: (account: AdminAccount) => garApi.nameRespAff(structureId, account.id),
    onSuccess: (list) => queryClient.setQueryData(respAffKey(structureId), list),
  });
  const namedIds = new Set(named.map((p) => p.accountId));
  const candidates = (accounts.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (a) => (a.profile === 'ENSEIGNANT' || a.profile === 'PERSONNEL') && !namedIds.has(a.id),
  );
  return (
    <Card title={t('gar.respAff.nameTitle')} description={t('gar.respAff.nameHelp')}>
      <SearchInput label={t('gar.respAff.search')} value={text} onChange={setText} />
      <LiveRegion politeness="assertive">
        <ErrorAlert error={mutation.error} />
      </LiveRegion>
      {q.length < 2 ? null : accounts.isPending ? (
        <Loading />
      ) : candidates.length === 0 ? (
        <p>{t('gar.respAff.noCandidate')}</p>
      ) : (
        <ul className="pick-list" aria-label={t('gar.respAff.candidates')}>
          {candidates.map((account) => (
            <li key={account.id} className="pick-list__item">
              <span>
                {account.firstName} {account.lastName} · {account.email ?? t('gar.respAff.noEmail')}
              </span>
              <Button size="small" onPress={() => mutation.mutate(account)} isPending={mutation.isPending && mutation.variables?.id === account.id}>
                {t('gar.respAff.name', { name: `${account.firstName} ${account.lastName}` })}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function RemoveRespAffDialog({ structureId, person, onClose }: { structureId: string; person: GarRespAff; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const name = `${person.firstName} ${person.lastName}`;
  const mutation = useMutation({
    mutationFn: () => garApi.removeRespAff(structureId, person.accountId),
    onSuccess: (list) => {
      queryClient.setQueryData(respAffKey(structureId), list);
      onClose();
    },
  });
  return (
    <ModalDialog isOpen role="alertdialog" onOpenChange={(open) => (open ? undefined : onClose())} title={t('gar.respAff.removeTitle', { name })}>
      <p>{t('gar.respAff.removeWarning')}</p>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={mutation.error} />
      </LiveRegion>
      <div className="form__actions">
        <Button variant="danger" onPress={() => mutation.mutate()} isPending={mutation.isPending}>
          {t('gar.respAff.confirmRemove')}
        </Button>
        <Button variant="secondary" onPress={onClose}>
          {t('common.cancel')}
        </Button>
      </div>
    </ModalDialog>
  );
}
