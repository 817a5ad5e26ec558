import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useSearchParams } from 'react-router';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { hasApp, useCurrentUser } from '../../session/current-user.ts';
import { NotificationPreferenceCard } from './NotificationPreferenceCard.tsx';
import { SignatureCard } from './SignatureCard.tsx';
import './messagerie.css';
import { useFolders } from './messaging-queries.ts';

/** The frame of the messagerie: the folder, message or editor, then the folders with their counts and the settings. */
export function MessagerieLayout() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const me = useCurrentUser();
  const folders = useFolders();
  const current = params.get('dossier') ?? 'INBOX';
  return (
    <>
      <PageHeader
        title={t('messagerie.title')}
        actions={
          <ButtonLink to="/messagerie/nouveau" variant="primary">
            {t('messagerie.compose')}
          </ButtonLink>
        }
      />
      {/* The list or the open message first (a phone shows it before the folders); the folders sit on the left of a wide screen. */}
      <div className="messagerie">
        <div className="messagerie__main">
          <Outlet />
        </div>
        <aside className="messagerie__side">
          <nav aria-label={t('messagerie.foldersLabel')} className="card messagerie__folders">
            <ul>
              {(folders.data?.items ?? []).map((folder) => {
                const key = folder.folderId ?? folder.folder;
                const name = folder.folderId ? folder.name : t(`messagerie.folders.${folder.folder}`);
                const count = folder.folder === 'DRAFTS' || folder.folder === 'SENT' ? 0 : folder.unread;
                return (
                  <li key={key}>
                    <NavLink
                      to={
                        key === 'INBOX'
                          ? '/messagerie'
                          : `/messagerie?dossier=${key}${folder.folderId ? `&nom=${encodeURIComponent(folder.name)}` : ''}`
                      }
                      end
                      className={() => (current === key ? 'messagerie__folder is-active' : 'messagerie__folder')}
                      aria-current={current === key ? 'page' : undefined}
                    >
                      <span>{name}</span>
                      {count > 0 ? (
                        <span className="messagerie__count">
                          {count}
                          <span className="visually-hidden"> {t('messagerie.unreadSuffix', { count })}</span>
                        </span>
                      ) : null}
                    </NavLink>
                  </li>
                );
              })}
            </ul>
          </nav>
          <NotificationPreferenceCard />
          <SignatureCard />
          {hasApp(me, 'admin') ? (
            <p className="card">
              <Link to="/messagerie/regles">{t('messagerie.rules.link')}</Link>
            </p>
          ) : null}
        </aside>
      </div>
    </>
  );
}
