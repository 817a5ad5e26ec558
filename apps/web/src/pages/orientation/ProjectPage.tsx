import { type Favorite, MAX_WISHES_PER_STEP, type OrientationProject, type OrientationStep, orientationSteps, type WishInput } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { orientationApi, orientationKeys } from '../../api/orientation-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { Breadcrumb } from './Breadcrumb.tsx';
import './orientation.css';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** /orientation/projet/:id — a student's project: favourites, wishes per step, professeur principal's comments. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const project = useQuery({ queryKey: orientationKeys.project(id), queryFn: () => orientationApi.project(id), enabled: valid });
  if (!valid || (project.isError && isApiError(project.error, 'NOT_FOUND', 'FORBIDDEN'))) return <NotFoundPage />;
  if (project.isPending) return <Loading />;
  if (project.isError) return <QueryError error={project.error} onRetry={() => void project.refetch()} />;
  const p = project.data;
  const name = `${p.student.firstName} ${p.student.lastName}`;
  const title = p.student.id === me.id ? t('orientation.myProject') : t('orientation.projectOf', { name });
  return (
    <>
      <PageHeader title={title} before={<Breadcrumb current={title} />} subtitle={p.student.className ? <p>{p.student.className}</p> : undefined} />
      <div className="stack">
        {!p.canEdit ? <Alert tone="info" title={t('orientation.readOnly')} /> : null}
        <Favorites project={p} />
        {orientationSteps.map((step) => (
          <Wishes key={step} project={p} step={step} />
        ))}
        <Comments project={p} />
      </div>
    </>
  );
}

function useSaveProject(studentId: string) {
  const queryClient = useQueryClient();
  return (data: OrientationProject) => queryClient.setQueryData(orientationKeys.project(studentId), data);
}

function favoriteLink(f: Favorite) {
  if (f.kind === 'FORMATION') return <Link to={`/orientation/formations/${f.id}`}>{f.label}</Link>;
  if (f.kind === 'METIER') return <Link to={`/orientation/metiers/${f.id}`}>{f.label}</Link>;
  return f.url ? <a href={f.url} rel="noopener noreferrer" target="_blank">{f.label}</a> : <>{f.label}</>;
}

function Favorites({ project }: { project: OrientationProject }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="project-favorites">
      <h2 id="project-favorites" className="card__title">
        {t('orientation.favorites')}
      </h2>
      {project.favorites.length === 0 ? (
        <p>{project.canEdit ? t('orientation.noFavoriteHelp') : t('orientation.noFavorite')}</p>
      ) : (
        <ul className="orientation-list">
          {project.favorites.map((f) => (
            <li key={`${f.kind}-${f.id}`} className="orientation-item">
              <p className="orientation-item__title">
                {t(`orientation.kinds.${f.kind}`)} : {favoriteLink(f)}
              </p>
              {project.canEdit ? <FavoriteNote studentId={project.student.id} favorite={f} /> : f.note ? <p>{f.note}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FavoriteNote({ studentId, favorite }: { studentId: string; favorite: Favorite }) {
  const { t } = useTranslation();
  const save = useSaveProject(studentId);
  const [note, setNote] = useState(favorite.note);
  const [saved, setSaved] = useState('');
  const update = useMutation({
    mutationFn: () => orientationApi.putFavorite(studentId, favorite.kind, favorite.id, note),
    onSuccess: (data) => {
      save(data);
      setSaved(t('orientation.noteSaved'));
    },
  });
  const remove = useMutation({ mutationFn: () => orientationApi.removeFavorite(studentId, favorite.kind, favorite.id), onSuccess: save });
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate();
      }}
    >
      <TextField label={t('orientation.noteFor', { label: favorite.label })} value={note} onChange={setNote} maxLength={2000} />
      <div className="orientation-wish__actions">
        <Button type="submit" size="small" variant="secondary" isPending={update.isPending}>
          {t('orientation.saveNote')}
        </Button>
        <Button size="small" variant="ghost" onPress={() => remove.mutate()} isPending={remove.isPending}>
          {t('orientation.removeFavorite')}
          <span className="visually-hidden"> — {favorite.label}</span>
        </Button>
      </div>
      <LiveRegion>
        {update.isError || remove.isError ? (
          <Alert tone="error">
            <p>{errorText(update.error ?? remove.error, t)}</p>
          </Alert>
        ) : saved ? (
          <p>{saved}</p>
        ) : null}
      </LiveRegion>
    </form>
  );
}

function Wishes({ project, step }: { project: OrientationProject; step: OrientationStep }) {
  const { t } = useTranslation();
  const headingId = useId();
  const wishes = project.wishes[step];
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        {t(`orientation.steps.${step}`)}
      </h2>
      {project.canEdit ? (
        <WishEditor studentId={project.student.id} step={step} initial={wishes.map((w) => ({ label: w.label, formationId: w.formationId, motivation: w.motivation }))} />
      ) : wishes.length === 0 ? (
        <p>{t('orientation.noWish')}</p>
      ) : (
        <ol>
          {wishes.map((w) => (
            <li key={w.rank}>
              <strong>{w.label}</strong>
              {w.motivation ? <p>{w.motivation}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

type DraftWish = { label: string; formationId: string | null | undefined; motivation: string };

function WishEditor({ studentId, step, initial }: { studentId: string; step: OrientationStep; initial: DraftWish[] }) {
  const { t } = useTranslation();
  const save = useSaveProject(studentId);
  const [wishes, setWishes] = useState<DraftWish[]>(initial);
  const [notice, setNotice] = useState('');
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: () => orientationApi.putWishes(studentId, step, wishes.map((w): WishInput => ({ label: w.label.trim(), formationId: w.formationId ?? null, motivation: w.motivation.trim() }))),
    onSuccess: (data) => {
      save(data);
      setNotice(t('orientation.wishesSaved'));
    },
  });
  const change = (index: number, patch: Partial<DraftWish>) => setWishes((list) => list.map((w, i) => (i === index ? { ...w, ...patch } : w)));
  const move = (index: number, by: -1 | 1) =>
    setWishes((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    const empty = wishes.some((w) => !w.label.trim());
    setMissing(empty);
    if (!empty) mutation.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      {wishes.length === 0 ? <p>{t('orientation.noWishHelp')}</p> : null}
      {wishes.map((w, i) => (
        <fieldset key={i} className="orientation-wish">
          <legend>{t('orientation.wishNumber', { rank: i + 1 })}</legend>
          <TextField label={t('orientation.wishLabel')} value={w.label} onChange={(label) => change(i, { label })} isRequired maxLength={200} error={missing && !w.label.trim() ? t('orientation.wishLabelRequired') : undefined} />
          <MotivationField value={w.motivation} onChange={(motivation) => change(i, { motivation })} />
          <div className="orientation-wish__actions">
            <Button size="small" variant="secondary" onPress={() => move(i, -1)} isDisabled={i === 0}>
              {t('orientation.moveUp')}
              <span className="visually-hidden"> — {t('orientation.wishNumber', { rank: i + 1 })}</span>
            </Button>
            <Button size="small" variant="secondary" onPress={() => move(i, 1)} isDisabled={i === wishes.length - 1}>
              {t('orientation.moveDown')}
              <span className="visually-hidden"> — {t('orientation.wishNumber', { rank: i + 1 })}</span>
            </Button>
            <Button size="small" variant="ghost" onPress={() => setWishes((list) => list.filter((_, j) => j !== i))}>
              {t('orientation.removeWish')}
              <span className="visually-hidden"> — {t('orientation.wishNumber', { rank: i + 1 })}</span>
            </Button>
          </div>
        </fieldset>
      ))}
      <div className="form__actions">
        <Button variant="secondary" onPress={() => setWishes((list) => [...list, { label: '', formationId: null, motivation: '' }])} isDisabled={wishes.length >= MAX_WISHES_PER_STEP}>
          {t('orientation.addWish')}
        </Button>
        <Button type="submit" isPending={mutation.isPending}>
          {t('orientation.saveWishes')}
        </Button>
      </div>
      <LiveRegion>
        {mutation.isError ? (
          <Alert tone="error">
            <p>{errorText(mutation.error, t)}</p>
          </Alert>
        ) : notice ? (
          <Alert tone="success" title={notice} />
        ) : null}
      </LiveRegion>
    </form>
  );
}

function MotivationField({ value, onChange, label }: { value: string; onChange: (value: string) => void; label?: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label ?? t('orientation.motivation')}
      </label>
      <textarea id={id} className="field__input" rows={3} maxLength={2000} value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

function Comments({ project }: { project: OrientationProject }) {
  const { t, i18n } = useTranslation();
  const save = useSaveProject(project.student.id);
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: () => orientationApi.comment(project.student.id, body.trim()),
    onSuccess: (data) => {
      save(data);
      setBody('');
    },
  });
  return (
    <section className="card" aria-labelledby="project-comments">
      <h2 id="project-comments" className="card__title">
        {t('orientation.comments')}
      </h2>
      {project.comments.length === 0 ? <p>{t('orientation.noComment')}</p> : null}
      {project.comments.map((c) => (
        <blockquote key={c.id} className="orientation-comment">
          <p>{c.body}</p>
          <footer>
            {c.authorName}, {new Date(c.createdAt).toLocaleDateString(i18n.language, { dateStyle: 'long' })}
          </footer>
        </blockquote>
      ))}
      {project.canComment ? (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            setMissing(!body.trim());
            if (body.trim()) mutation.mutate();
          }}
        >
          <MotivationField label={t('orientation.newComment')} value={body} onChange={setBody} />
          {missing ? <p className="field__error">{t('orientation.commentRequired')}</p> : null}
          <div className="form__actions">
            <Button type="submit" isPending={mutation.isPending}>
              {t('orientation.addComment')}
            </Button>
          </div>
          <LiveRegion>
            <ErrorAlert error={mutation.error} />
          </LiveRegion>
        </form>
      ) : null}
    </section>
  );
}
