import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type NewsAudienceProfile, type NewsInput, type NewsItem, newsAudienceProfiles } from '@preau/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { newsApi, newsKeys } from '../../api/news-api.ts';
import { Button } from '../../components/Button.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FileField } from '../../components/FileField.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { RichTextEditor } from '../../components/RichTextEditor.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useNewsItem, useNewsTargets } from './news-queries.ts';
import './actualites.css';

/** A datetime-local value (the browser's local time) from an ISO instant, and back. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

/** /actualites/nouvelle and /actualites/:id/modifier: the editor of a news item. */
export function NewsEditorPage() {
  const { id } = useParams();
  const existing = useNewsItem(id);
  const targets = useNewsTargets();
  if ((id && existing.isPending) || targets.isPending) return <Loading />;
  if (existing.isError) return <QueryError error={existing.error} onRetry={() => void existing.refetch()} />;
  if (targets.isError) return <QueryError error={targets.error} onRetry={() => void targets.refetch()} />;
  return <NewsForm item={id ? existing.data : undefined} targets={targets.data.items} />;
}

function NewsForm({ item, targets }: { item: NewsItem | undefined; targets: Array<{ type: string; id: string; name: string }> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(item?.title ?? '');
  const [contentHtml, setContentHtml] = useState(item?.contentHtml ?? '');
  const [target, setTarget] = useState(item ? `${item.target.type}:${item.target.id}` : targets[0] ? `${targets[0].type}:${targets[0].id}` : '');
  const [audience, setAudience] = useState<NewsAudienceProfile[]>(item?.audience ?? ['ELEVE', 'PARENT']);
  const [pinned, setPinned] = useState(item?.pinned ?? false);
  const [commentsEnabled, setCommentsEnabled] = useState(item?.commentsEnabled ?? false);
  const [publishAt, setPublishAt] = useState(toLocalInput(item?.publishAt ?? null));
  const [expireAt, setExpireAt] = useState(toLocalInput(item?.expireAt ?? null));
  const [image, setImage] = useState<File | undefined>();
  const save = useMutation({
    mutationFn: async (input: NewsInput) => {
      const saved = item ? await newsApi.update(item.id, input) : await newsApi.create(input);
      return image ? newsApi.addImage(saved.id, image) : saved;
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: newsKeys.all });
      void navigate(`/actualites/${saved.id}`);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const [type, targetId] = target.split(':') as [NewsInput['target']['type'], string];
    save.mutate({ title, contentHtml, target: { type, id: targetId }, audience, pinned, commentsEnabled, publishAt: fromLocalInput(publishAt), expireAt: fromLocalInput(expireAt) });
  };
  if (targets.length === 0) {
    return (
      <>
        <PageHeader title={t('actualites.new')} />
        <p>{t('actualites.noTarget')}</p>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={item ? t('actualites.editTitle') : t('actualites.new')}
        before={
          <p>
            <Link to="/actualites">{t('actualites.back')}</Link>
          </p>
        }
      />
      <form className="card stack news-form" onSubmit={onSubmit}>
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        <TextField label={t('actualites.field.title')} value={title} onChange={setTitle} isRequired maxLength={200} />
        <SelectField
          label={t('actualites.field.target')}
          value={target}
          onChange={setTarget}
          options={targets.map((o) => ({ value: `${o.type}:${o.id}`, label: t(`actualites.targetType.${o.type}`, { name: o.name }) }))}
        />
        <fieldset className="news-form__audience">
          <legend>{t('actualites.field.audience')}</legend>
          {newsAudienceProfiles.map((profile) => (
            <CheckboxField
              key={profile}
              label={t(`actualites.audience.${profile}`)}
              checked={audience.includes(profile)}
              onChange={(checked) => setAudience((current) => (checked ? [...current, profile] : current.filter((p) => p !== profile)))}
            />
          ))}
        </fieldset>
        <RichTextEditor label={t('actualites.field.content')} initialHtml={contentHtml} onChange={setContentHtml} />
        <FileField label={t('actualites.field.image')} description={t('actualites.field.imageHelp')} accept="image/jpeg,image/png,image/gif,image/webp" onSelect={(files) => setImage(files[0])} />
        <div className="news-form__dates">
          <TextField label={t('actualites.field.publishAt')} description={t('actualites.field.publishAtHelp')} type="datetime-local" value={publishAt} onChange={setPublishAt} />
          <TextField label={t('actualites.field.expireAt')} description={t('actualites.field.expireAtHelp')} type="datetime-local" value={expireAt} onChange={setExpireAt} />
        </div>
        <CheckboxField label={t('actualites.field.pinned')} checked={pinned} onChange={setPinned} />
        <CheckboxField label={t('actualites.field.comments')} checked={commentsEnabled} onChange={setCommentsEnabled} />
        <div className="news-actions">
          <Button type="submit" isPending={save.isPending}>
            {t('actualites.save')}
          </Button>
        </div>
      </form>
    </>
  );
}
