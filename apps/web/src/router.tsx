import { type ComponentType, createElement } from 'react';
import { createBrowserRouter } from 'react-router';
import { Root } from './layout/Root.tsx';
import { LoginPage } from './pages/auth/LoginPage.tsx';
import { GuestOnly } from './session/GuestOnly.tsx';
import { RequireApp } from './session/RequireApp.tsx';
import { RequireAuth } from './session/RequireAuth.tsx';

/**
 * A page loaded when its route is first visited: the login and portal pages do not carry the code of every
 * other page (issue 12: initial JavaScript of the first screens). Pages are named exports.
 */
function page<K extends string, P extends object = Record<string, never>>(load: () => Promise<Record<K, ComponentType<P>>>, name: K, props?: P) {
  return async () => {
    const Page: ComponentType<P> = (await load())[name];
    return props ? { element: createElement(Page, props) } : { Component: Page as ComponentType };
  };
}

/** The routes of the app (French paths, as printed on the activation cards and e-mails). */
export function createRouter() {
  return createBrowserRouter([
    {
      element: <Root />,
      children: [
        {
          element: <GuestOnly />,
          children: [
            { path: 'connexion', element: <LoginPage /> },
            { path: 'activation', lazy: page(() => import('./pages/auth/ActivationPage.tsx'), 'ActivationPage') },
          ],
        },
        { path: 'mot-de-passe/oublie', lazy: page(() => import('./pages/auth/ForgotPasswordPage.tsx'), 'ForgotPasswordPage') },
        { path: 'mot-de-passe/reinitialiser', lazy: page(() => import('./pages/auth/ResetPasswordPage.tsx'), 'ResetPasswordPage') },
        { path: 'donnees-personnelles', lazy: page(() => import('./pages/legal/LegalPage.tsx'), 'LegalPage') },
        { path: 'accessibilite', lazy: page(() => import('./pages/legal/AccessibilityPage.tsx'), 'AccessibilityPage') },
        {
          element: <RequireAuth />,
          children: [
            { index: true, lazy: page(() => import('./pages/portal/PortalPage.tsx'), 'PortalPage') },
            { path: 'compte', lazy: page(() => import('./pages/account/AccountPage.tsx'), 'AccountPage') },
            { path: 'annuaire', lazy: page(() => import('./pages/directory/DirectoryPage.tsx'), 'DirectoryPage') },
            { path: 'annuaire/personnes/:id', lazy: page(() => import('./pages/directory/PersonPage.tsx'), 'PersonPage') },
            { path: 'annuaire/classes/:id', lazy: page(() => import('./pages/directory/GroupPage.tsx'), 'GroupPage', { kind: 'CLASS' }) },
            { path: 'annuaire/groupes/:id', lazy: page(() => import('./pages/directory/GroupPage.tsx'), 'GroupPage', { kind: 'GROUP' }) },
            { path: 'mes-applis', lazy: page(() => import('./pages/mes-applis/MesApplisPage.tsx'), 'MesApplisPage') },
            {
              path: 'messagerie',
              element: <RequireApp app="messagerie" />,
              children: [
                {
                  lazy: page(() => import('./pages/messagerie/MessagerieLayout.tsx'), 'MessagerieLayout'),
                  children: [
                    { index: true, lazy: page(() => import('./pages/messagerie/FolderView.tsx'), 'FolderView') },
                    { path: 'messages/:id', lazy: page(() => import('./pages/messagerie/ReadView.tsx'), 'ReadView') },
                    { path: 'nouveau', lazy: page(() => import('./pages/messagerie/ComposeView.tsx'), 'ComposeView') },
                    { path: 'regles', lazy: page(() => import('./pages/messagerie/RulesView.tsx'), 'RulesView') },
                  ],
                },
              ],
            },
            {
              path: 'documents',
              element: <RequireApp app="documents" />,
              children: [{ index: true, lazy: page(() => import('./pages/documents/DocumentsPage.tsx'), 'DocumentsPage') }],
            },
            {
              path: 'orientation',
              element: <RequireApp app="orientation" />,
              children: [
                { index: true, lazy: page(() => import('./pages/orientation/OrientationHomePage.tsx'), 'OrientationHomePage') },
                { path: 'formations/:id', lazy: page(() => import('./pages/orientation/FormationPage.tsx'), 'FormationPage') },
                { path: 'metiers', lazy: page(() => import('./pages/orientation/MetiersSearchPage.tsx'), 'MetiersSearchPage') },
                { path: 'metiers/:id', lazy: page(() => import('./pages/orientation/MetierPage.tsx'), 'MetierPage') },
                { path: 'projet/:id', lazy: page(() => import('./pages/orientation/ProjectPage.tsx'), 'ProjectPage') },
                { path: 'classes/:id', lazy: page(() => import('./pages/orientation/ClassWishesPage.tsx'), 'ClassWishesPage') },
              ],
            },
            {
              path: 'notes',
              element: <RequireApp app="notes" />,
              children: [
                { index: true, lazy: page(() => import('./pages/notes/NotesHomePage.tsx'), 'NotesHomePage') },
                { path: 'evaluations/:id', lazy: page(() => import('./pages/notes/GridPage.tsx'), 'GridPage') },
                { path: ':kind/:id/:subject', lazy: page(() => import('./pages/notes/GradebookPage.tsx'), 'GradebookPage') },
              ],
            },
            {
              path: 'actualites',
              element: <RequireApp app="actualites" />,
              children: [
                { index: true, lazy: page(() => import('./pages/actualites/NewsPage.tsx'), 'NewsPage') },
                { path: 'nouvelle', lazy: page(() => import('./pages/actualites/NewsEditorPage.tsx'), 'NewsEditorPage') },
                { path: ':id', lazy: page(() => import('./pages/actualites/NewsDetailPage.tsx'), 'NewsDetailPage') },
                { path: ':id/modifier', lazy: page(() => import('./pages/actualites/NewsEditorPage.tsx'), 'NewsEditorPage') },
              ],
            },
            { path: 'agenda', element: <RequireApp app="agenda" />, children: [{ index: true, lazy: page(() => import('./pages/agenda/AgendaPage.tsx'), 'AgendaPage') }] },
            {
              path: 'support',
              element: <RequireApp app="support" />,
              children: [
                { index: true, lazy: page(() => import('./pages/support/SupportPage.tsx'), 'SupportPage') },
                { path: 'tickets/:id', lazy: page(() => import('./pages/support/TicketPage.tsx'), 'TicketPage') },
              ],
            },
            {
              path: 'emploi-du-temps',
              element: <RequireApp app="emploi-du-temps" />,
              children: [
                { index: true, lazy: page(() => import('./pages/emploi-du-temps/TimetablePage.tsx'), 'TimetablePage') },
                { path: 'cours', lazy: page(() => import('./pages/emploi-du-temps/CoursesPage.tsx'), 'CoursesPage') },
                { path: 'cours/nouveau', lazy: page(() => import('./pages/emploi-du-temps/CourseFormPage.tsx'), 'CourseFormPage') },
                { path: 'cours/:id', lazy: page(() => import('./pages/emploi-du-temps/CourseFormPage.tsx'), 'CourseFormPage') },
              ],
            },
            {
              path: 'cahier-de-textes',
              element: <RequireApp app="cahier-de-textes" />,
              children: [
                { index: true, lazy: page(() => import('./pages/cahier-de-textes/CahierPage.tsx'), 'CahierPage') },
                { path: 'seance/:courseId/:date', lazy: page(() => import('./pages/cahier-de-textes/LessonPage.tsx'), 'LessonPage') },
                { path: 'classe/:id', lazy: page(() => import('./pages/cahier-de-textes/ClassLessonsPage.tsx'), 'ClassLessonsPage', { kind: 'CLASS' }) },
                { path: 'groupe/:id', lazy: page(() => import('./pages/cahier-de-textes/ClassLessonsPage.tsx'), 'ClassLessonsPage', { kind: 'GROUP' }) },
                { path: 'classe/:id/semaine', lazy: page(() => import('./pages/cahier-de-textes/WeekPage.tsx'), 'WeekPage', { kind: 'CLASS' }) },
                { path: 'groupe/:id/semaine', lazy: page(() => import('./pages/cahier-de-textes/WeekPage.tsx'), 'WeekPage', { kind: 'GROUP' }) },
                { path: 'copier', lazy: page(() => import('./pages/cahier-de-textes/CopyLessonsPage.tsx'), 'CopyLessonsPage') },
                { path: 'historique/:entryId', lazy: page(() => import('./pages/cahier-de-textes/HistoryPage.tsx'), 'HistoryPage') },
                { path: 'devoirs/:id/rendus', lazy: page(() => import('./pages/cahier-de-textes/SubmissionsPage.tsx'), 'SubmissionsPage') },
              ],
            },
            {
              path: 'vie-scolaire',
              element: <RequireApp app="vie-scolaire" />,
              children: [
                { index: true, lazy: page(() => import('./pages/vie-scolaire/VieScolairePage.tsx'), 'VieScolairePage') },
                { path: 'appel/:courseId/:date', lazy: page(() => import('./pages/vie-scolaire/RollCallPage.tsx'), 'RollCallPage') },
              ],
            },
            {
              path: 'admin',
              element: <RequireApp app="admin" />,
              children: [
                { index: true, lazy: page(() => import('./pages/admin/AdminHomePage.tsx'), 'AdminHomePage') },
                { path: 'etablissements/:id', lazy: page(() => import('./pages/admin/StructurePage.tsx'), 'StructurePage') },
                { path: 'imports', lazy: page(() => import('./pages/admin/imports/ImportsPage.tsx'), 'ImportsPage') },
                { path: 'imports/:id', lazy: page(() => import('./pages/admin/imports/ImportJobPage.tsx'), 'ImportJobPage') },
                { path: 'onisep', lazy: page(() => import('./pages/orientation/OnisepImportsPage.tsx'), 'OnisepImportsPage') },
                { path: 'onisep/:id', lazy: page(() => import('./pages/orientation/OnisepImportPage.tsx'), 'OnisepImportPage') },
                { path: 'services', lazy: page(() => import('./pages/admin/services/ServicesAdminPage.tsx'), 'ServicesAdminPage') },
              ],
            },
          ],
        },
        { path: '*', lazy: page(() => import('./pages/NotFoundPage.tsx'), 'NotFoundPage') },
      ],
    },
  ]);
}
