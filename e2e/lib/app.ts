import type { AccountWithCode, LoginResponse, Me, SchoolClass, Structure } from '@preau/contracts';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { assert, expectPath, expectVisible } from './expect.ts';

/** The six activated demo accounts (README), all with the same password. */
export const DEMO_PASSWORD = 'Preau-Demo-2026!';
export const DEMO = {
  eleve: 'demo.eleve',
  parent: 'demo.parent',
  enseignant: 'demo.enseignant',
  personnel: 'demo.personnel',
  adml: 'demo.adml',
  admc: 'demo.admc',
  technicien: 'demo.technicien',
} as const;

/** The French labels of the interface (apps/web/src/i18n/fr.json). */
export const FR = {
  login: 'Identifiant',
  password: 'Mot de passe',
  submitLogin: 'Se connecter',
  greeting: (firstName: string) => `Bonjour ${firstName}`,
  apps: 'Mes applications',
  annuaire: 'Annuaire',
  account: 'Mon compte',
  admin: 'Administration',
  /** The user menu button, in French or English (its name ends with the user's name). */
  userMenu: /^(Menu utilisateur|User menu)/,
  logout: 'Se déconnecter',
  loggedOut: 'Vous êtes déconnecté',
  english: 'English',
  french: 'Français',
  search: "Rechercher dans l'annuaire",
  notFound: 'Page introuvable',
} as const;

export const EN = {
  greeting: (firstName: string) => `Hello ${firstName}`,
  apps: 'My applications',
};

// ---------------------------------------------------------------- UI

/** Fills the login form of /connexion and submits it (mouse and keyboard free: fill + click). */
export async function submitLoginForm(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel(FR.login, { exact: true }).fill(login);
  await page.getByLabel(FR.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: FR.submitLogin, exact: true }).click();
}

/** Opens /connexion, logs in and waits for the portal greeting. Returns nothing: read the page. */
export async function loginViaUi(page: Page, login: string, password: string, firstName: string): Promise<void> {
  await page.goto('/connexion');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Connexion' }), 'the login page heading');
  await submitLoginForm(page, login, password);
  await expectVisible(page.getByRole('heading', { level: 1, name: FR.greeting(firstName) }), `the greeting "${FR.greeting(firstName)}"`, 20_000);
  await expectPath(page, '/');
}

/** Opens the user menu of the header and chooses an item. */
export async function chooseInUserMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: FR.userMenu }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Logs out with the user menu and waits for /connexion. */
export async function logoutViaUi(page: Page): Promise<void> {
  await chooseInUserMenu(page, FR.logout);
  await expectPath(page, '/connexion');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Connexion' }), 'the login page after logout');
}

/** Whether the page can scroll sideways (a phone layout must not). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; widest: string }> {
  return page.evaluate(() => {
    const scroller = document.scrollingElement ?? document.documentElement;
    let widest = '';
    if (scroller.scrollWidth > window.innerWidth) {
      // Name the element that sticks out, to make the report useful.
      let max = 0;
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const right = element.getBoundingClientRect().right;
        if (right > window.innerWidth && right > max) {
          max = right;
          const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
          widest = `${element.tagName.toLowerCase()}${classes} (right edge ${Math.round(right)} px)`;
        }
      }
    }
    return { scrollWidth: scroller.scrollWidth, innerWidth: window.innerWidth, widest };
  });
}

// ---------------------------------------------------------------- API

export interface ApiSession {
  request: APIRequestContext;
  me: Me;
  csrfToken: string;
}

/** Logs in through the API in this context (its cookies are the context's): fast setup for a test. */
export async function apiLogin(context: BrowserContext, login: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const response = await context.request.post('/api/v1/auth/login', { data: { login, password } });
  assert(response.ok(), `API login of ${login} failed: ${response.status()} ${await response.text()}`);
  const body = (await response.json()) as LoginResponse;
  assert(body.kind === 'session', `API login of ${login} answered ${body.kind}, not a session`);
  return { request: context.request, me: body.me, csrfToken: body.csrfToken };
}

async function apiJson<T>(session: ApiSession, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<T> {
  const response = await session.request.fetch(`/api/v1${path}`, {
    method,
    headers: method === 'GET' ? {} : { 'X-CSRF-Token': session.csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  assert(response.ok(), `${method} ${path} failed: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Sets the account's language preference (PATCH /me). */
export async function apiSetLocale(session: ApiSession, locale: 'fr' | 'en'): Promise<void> {
  await apiJson(session, 'PATCH', '/me', { locale });
}

/** The lycée an ADML administers (the first structure of GET /admin/structures). */
export async function adminStructure(session: ApiSession): Promise<Structure> {
  const page = await apiJson<{ items: Structure[] }>(session, 'GET', '/admin/structures');
  const structure = page.items[0];
  assert(structure, `${session.me.login} administers no structure`);
  return structure;
}

export async function structureClasses(session: ApiSession, structureId: string): Promise<SchoolClass[]> {
  const list = await apiJson<{ items: SchoolClass[] }>(session, 'GET', `/admin/structures/${structureId}/classes`);
  return list.items;
}

/** Creates a student account through the API, as the admin session. */
export async function apiCreateStudent(
  session: ApiSession,
  structureId: string,
  body: { firstName: string; lastName: string; classId?: string },
): Promise<AccountWithCode> {
  return apiJson<AccountWithCode>(session, 'POST', `/admin/structures/${structureId}/accounts`, { ...body, profile: 'ELEVE' });
}

/** A fresh, letters-only suffix so that every run creates distinct people. */
export function uniqueSuffix(length = 5): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < length; i++) out += letters[Math.floor(Math.random() * letters.length)];
  return out;
}

/**
 * A last name that sorts first in every list ordered by name (so the new
 * account is on the first page of the admin lists) and never collides.
 */
export function uniqueLastName(): string {
  const suffix = uniqueSuffix();
  return `Aalto${suffix}`;
}
