/**
 * The applications of the portal. Only those that exist are listed; the
 * server decides which ones a profile may use (platform/authorization).
 */
export const appIds = [
  'annuaire',
  'account',
  'admin',
  'emploi-du-temps',
  'cahier-de-textes',
  'messagerie',
  'orientation',
  'notes',
  'documents',
  'actualites',
  'agenda',
  'vie-scolaire',
  'support',
] as const;
export type AppId = (typeof appIds)[number];
export const appPaths: Record<AppId, string> = {
  annuaire: '/annuaire',
  account: '/compte',
  admin: '/admin',
  'emploi-du-temps': '/emploi-du-temps',
  'cahier-de-textes': '/cahier-de-textes',
  messagerie: '/messagerie',
  orientation: '/orientation',
  notes: '/notes',
  documents: '/documents',
  actualites: '/actualites',
  agenda: '/agenda',
  'vie-scolaire': '/vie-scolaire',
  support: '/support',
};
