import { formationLevels } from '@preau/contracts';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type FormationFilters, orientationApi, orientationKeys } from '../../api/orientation-api.ts';
import { Button } from '../../components/Button.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { CalendarCards } from './CalendarCard.tsx';
import { EventsCard } from './EventsCard.tsx';
import { FormationItem } from './FormationItem.tsx';
import { ResultsCard } from './ResultsCard.tsx';
import './orientation.css';

const filterNames = ['q', 'level', 'type', 'status', 'apprenticeship', 'withinKm'] as const;
const types = ['CAP', 'Bac pro', 'BTS', 'BUT', 'Licence', 'CPGE', 'Master', 'DE', 'BPJEPS'];

/** /orientation: the formation search, the way to one's project (student, parent) or one's classes (PP, psychologue), open days to come. */
export function OrientationHomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(filterNames.map((name) => [name, params.get(name) ?? ''])) as Pick<FormationFilters, (typeof filterNames)[number]>;
  const [draft, setDraft] = useState(current);
  const searching = filterNames.some((name) => current[name] !== '');
  const results = useInfiniteQuery({
    queryKey: ['orientation', 'formations', current],
    queryFn: ({ pageParam }) => orientationApi.formations(current, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: searching,
    placeholderData: keepPreviousData,
  });
  const students = useQuery({ queryKey: orientationKeys.students, queryFn: orientationApi.students, enabled: me.profile === 'ELEVE' || me.profile === 'PARENT' });
  const classes = useQuery({ queryKey: orientationKeys.classes, queryFn: orientationApi.classes, enabled: me.profile === 'ENSEIGNANT' || me.staffFunction === 'PSY' });
  const set = (name: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of filterNames) if (draft[name].trim()) next.set(name, draft[name].trim());
    setParams(next);
  };
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title={t('orientation.title')} subtitle={<p>{t('orientation.subtitle')}</p>} />
      <div className="stack">
        {students.data && students.data.items.length > 0 ? (
          <nav className="card" aria-labelledby="orientation-projects">
            <h2 id="orientation-projects" className="card__title">
              {t('orientation.projects')}
            </h2>
            <ul className="orientation-links">
              {students.data.items.map((s) => (
                <li key={s.id}>
                  <Link to={`/orientation/projet/${s.id}`}>
                    {s.id === me.id ? t('orientation.myProject') : t('orientation.projectOf', { name: `${s.firstName} ${s.lastName}` })}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {classes.data && classes.data.items.length > 0 ? (
          <nav className="card" aria-labelledby="orientation-classes">
            <h2 id="orientation-classes" className="card__title">
              {t('orientation.followedClasses')}
            </h2>
            <ul className="orientation-links">
              {classes.data.items.map((c) => (
                <li key={c.id}>
                  <Link to={`/orientation/classes/${c.id}`}>{t('orientation.classWishesOf', { name: c.name, count: c.studentCount })}</Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <section className="card" aria-labelledby="orientation-search">
          <h2 id="orientation-search" className="card__title">
            {t('orientation.searchFormations')}
          </h2>
          <p>
            <Link to="/orientation/metiers">{t('orientation.searchMetiersLink')}</Link>
          </p>
          <form role="search" aria-labelledby="orientation-search" className="form orientation-filters" onSubmit={submit}>
            <TextField label={t('orientation.query')} description={t('orientation.queryHelp')} value={draft.q} onChange={set('q')} type="search" />
            <SelectField label={t('orientation.level')} value={draft.level} onChange={set('level')} emptyOption={t('orientation.any')} options={formationLevels.map((l) => ({ value: l, label: t(`orientation.levels.${l.replace('+', '_')}`) }))} />
            <SelectField label={t('orientation.type')} value={draft.type} onChange={set('type')} emptyOption={t('orientation.any')} options={types.map((v) => ({ value: v, label: v }))} />
            <SelectField label={t('orientation.status')} value={draft.status} onChange={set('status')} emptyOption={t('orientation.any')} options={[{ value: 'PUBLIC', label: t('orientation.statuses.PUBLIC') }, { value: 'PRIVE', label: t('orientation.statuses.PRIVE') }]} />
            <SelectField label={t('orientation.apprenticeship')} value={draft.apprenticeship} onChange={set('apprenticeship')} emptyOption={t('orientation.any')} options={[{ value: 'true', label: t('orientation.apprenticeshipOnly') }, { value: 'false', label: t('orientation.schoolOnly') }]} />
            <SelectField label={t('orientation.distance')} value={draft.withinKm} onChange={set('withinKm')} emptyOption={t('orientation.anywhere')} options={['10', '30', '50', '100', '200'].map((km) => ({ value: km, label: t('orientation.withinKm', { km }) }))} />
            <div className="form__actions">
              <Button type="submit">{t('orientation.search')}</Button>
            </div>
          </form>
        </section>
        <CalendarCards />
        <EventsCard />
        {searching ? (
          <ResultsCard id="orientation-results" results={results} count={items.length} empty={t('orientation.noFormation')}>
            {items.map((f) => (
              <FormationItem key={f.id} formation={f} />
            ))}
          </ResultsCard>
        ) : null}
      </div>
    </>
  );
}
