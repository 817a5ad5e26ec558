import { useMutation, useQueryClient } from '@tanstack/react-query';
import { profiles, type CommunicationRule, type CommunicationRules, type CommunicationScope, type Profile } from '@preau/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { messagingApi } from './messaging-api.ts';
import { messagingKeys, useCommunicationRules, useRuleStructures } from './messaging-queries.ts';

const scopes: CommunicationScope[] = ['NONE', 'LINKED', 'ALL'];
type Matrix = Record<Profile, Record<Profile, CommunicationScope>>;

function matrixOf(rules: CommunicationRules): Matrix {
  const matrix = Object.fromEntries(profiles.map((p) => [p, {}])) as Matrix;
  for (const rule of rules.rules) matrix[rule.from][rule.to] = rule.scope;
  return matrix;
}

/** /messagerie/regles: the communication rules of the structures the admin (ADML, ADMC) administers. */
export function RulesView() {
  const { t } = useTranslation();
  const structures = useRuleStructures();
  const [structureId, setStructureId] = useState('');
  const chosen = structureId || structures.data?.items[0]?.id || '';
  return (
    <section className="card" aria-labelledby="rules-title">
      <h2 id="rules-title" className="card__title">
        {t('messagerie.rules.title')}
      </h2>
      <p>{t('messagerie.rules.intro')}</p>
      {structures.isPending ? <Loading /> : null}
      {structures.isError ? <QueryError error={structures.error} onRetry={() => void structures.refetch()} /> : null}
      {structures.isSuccess && structures.data.items.length > 1 ? (
        <SelectField
          label={t('messagerie.rules.structure')}
          value={chosen}
          options={structures.data.items.map((s) => ({ value: s.id, label: `${s.name} (${s.uai})` }))}
          onChange={setStructureId}
        />
      ) : null}
      {chosen ? <RulesForm key={chosen} structureId={chosen} /> : null}
    </section>
  );
}

function RulesForm({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rules = useCommunicationRules(structureId);
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  useEffect(() => {
    if (rules.data) setMatrix(matrixOf(rules.data));
  }, [rules.data]);
  const save = useMutation({
    mutationFn: (next: Matrix) => {
      const list: CommunicationRule[] = profiles.flatMap((from) => profiles.map((to) => ({ from, to, scope: next[from][to] })));
      return messagingApi.setRules(structureId, list);
    },
    onSuccess: (data) => queryClient.setQueryData(messagingKeys.rules(structureId), data),
  });
  if (rules.isPending || !matrix) return rules.isError ? <QueryError error={rules.error} onRetry={() => void rules.refetch()} /> : <Loading />;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(matrix);
      }}
    >
      {profiles.map((from) => (
        <fieldset key={from} className="rules__group">
          <legend>{t('messagerie.rules.from', { profile: t(`profiles.${from}`) })}</legend>
          <div className="rules__grid">
            {profiles.map((to) => (
              <SelectField
                key={to}
                label={t('messagerie.rules.to', { profile: t(`profiles.${to}`) })}
                value={matrix[from][to]}
                options={scopes.map((scope) => ({ value: scope, label: t(`messagerie.rules.scopes.${scope}`) }))}
                onChange={(value) => setMatrix({ ...matrix, [from]: { ...matrix[from], [to]: value as CommunicationScope } })}
              />
            ))}
          </div>
        </fieldset>
      ))}
      <p className="muted">{t('messagerie.rules.studentsNote')}</p>
      <div className="button-row">
        <Button type="submit" isPending={save.isPending}>
          {t('messagerie.rules.save')}
        </Button>
      </div>
      <LiveRegion>
        {save.isError ? <Alert tone="error">{errorText(save.error, t)}</Alert> : null}
        {save.isSuccess ? <Alert tone="success">{t('messagerie.rules.saved')}</Alert> : null}
      </LiveRegion>
    </form>
  );
}
