import { appPaths, type AppId, type AppTile } from '@preau/contracts';
import type { IconName } from '../components/Icon.tsx';

const icons: Record<AppId, IconName> = {
  annuaire: 'users',
  account: 'user',
  admin: 'shield',
  messagerie: 'mail',
  'emploi-du-temps': 'calendar',
  'cahier-de-textes': 'book',
  orientation: 'compass',
  notes: 'chart',
  documents: 'folder',
  actualites: 'book',
  agenda: 'calendar',
  'vie-scolaire': 'check',
  support: 'warning',
};

/** How a portal application is shown: its path, icon and the i18n keys of its name and description. */
export interface AppEntry {
  id: string;
  path: string;
  icon: IconName;
  nameKey: string;
  descriptionKey: string;
}

function isKnownApp(id: string): id is AppId {
  return Object.hasOwn(appPaths, id);
}

/** The applications of `me.apps`, in the server's order, ready to draw. */
export function appEntries(apps: readonly AppTile[]): AppEntry[] {
  return apps.map(({ id, path }) => ({
    id,
    path: path || (isKnownApp(id) ? appPaths[id] : '/'),
    icon: isKnownApp(id) ? icons[id] : 'grid',
    nameKey: `apps.${id}.name`,
    descriptionKey: `apps.${id}.description`,
  }));
}
