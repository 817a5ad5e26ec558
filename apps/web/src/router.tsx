import { createBrowserRouter } from 'react-router';
import { Root } from './layout/Root.tsx';
import { AccountPage } from './pages/account/AccountPage.tsx';
import { AdminHomePage } from './pages/admin/AdminHomePage.tsx';
import { StructurePage } from './pages/admin/StructurePage.tsx';
import { ImportJobPage } from './pages/admin/imports/ImportJobPage.tsx';
import { ImportsPage } from './pages/admin/imports/ImportsPage.tsx';
import { ActivationPage } from './pages/auth/ActivationPage.tsx';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage.tsx';
import { LoginPage } from './pages/auth/LoginPage.tsx';
import { ResetPasswordPage } from './pages/auth/ResetPasswordPage.tsx';
import { DirectoryPage } from './pages/directory/DirectoryPage.tsx';
import { GroupPage } from './pages/directory/GroupPage.tsx';
import { PersonPage } from './pages/directory/PersonPage.tsx';
import { ComposeView } from './pages/messagerie/ComposeView.tsx';
import { FolderView } from './pages/messagerie/FolderView.tsx';
import { MessagerieLayout } from './pages/messagerie/MessagerieLayout.tsx';
import { ReadView } from './pages/messagerie/ReadView.tsx';
import { RulesView } from './pages/messagerie/RulesView.tsx';
import { AccessibilityPage } from './pages/legal/AccessibilityPage.tsx';
import { LegalPage } from './pages/legal/LegalPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PortalPage } from './pages/portal/PortalPage.tsx';
import { CahierPage } from './pages/cahier-de-textes/CahierPage.tsx';
import { ClassLessonsPage } from './pages/cahier-de-textes/ClassLessonsPage.tsx';
import { HistoryPage } from './pages/cahier-de-textes/HistoryPage.tsx';
import { LessonPage } from './pages/cahier-de-textes/LessonPage.tsx';
import { SubmissionsPage } from './pages/cahier-de-textes/SubmissionsPage.tsx';
import { WeekPage } from './pages/cahier-de-textes/WeekPage.tsx';
import { MesApplisPage } from './pages/mes-applis/MesApplisPage.tsx';
import { ClassWishesPage } from './pages/orientation/ClassWishesPage.tsx';
import { FormationPage } from './pages/orientation/FormationPage.tsx';
import { MetierPage } from './pages/orientation/MetierPage.tsx';
import { MetiersSearchPage } from './pages/orientation/MetiersSearchPage.tsx';
import { OrientationHomePage } from './pages/orientation/OrientationHomePage.tsx';
import { ProjectPage } from './pages/orientation/ProjectPage.tsx';
import { GradebookPage } from './pages/notes/GradebookPage.tsx';
import { GridPage } from './pages/notes/GridPage.tsx';
import { NotesHomePage } from './pages/notes/NotesHomePage.tsx';
import { DocumentsPage } from './pages/documents/DocumentsPage.tsx';
import { NewsDetailPage } from './pages/actualites/NewsDetailPage.tsx';
import { NewsEditorPage } from './pages/actualites/NewsEditorPage.tsx';
import { NewsPage } from './pages/actualites/NewsPage.tsx';
import { AgendaPage } from './pages/agenda/AgendaPage.tsx';
import { SupportPage } from './pages/support/SupportPage.tsx';
import { TicketPage } from './pages/support/TicketPage.tsx';
import { CopyLessonsPage } from './pages/cahier-de-textes/CopyLessonsPage.tsx';
import { CourseFormPage } from './pages/emploi-du-temps/CourseFormPage.tsx';
import { CoursesPage } from './pages/emploi-du-temps/CoursesPage.tsx';
import { TimetablePage } from './pages/emploi-du-temps/TimetablePage.tsx';
import { RollCallPage } from './pages/vie-scolaire/RollCallPage.tsx';
import { VieScolairePage } from './pages/vie-scolaire/VieScolairePage.tsx';
import { GuestOnly } from './session/GuestOnly.tsx';
import { RequireApp } from './session/RequireApp.tsx';
import { RequireAuth } from './session/RequireAuth.tsx';

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
            { path: 'activation', element: <ActivationPage /> },
          ],
        },
        { path: 'mot-de-passe/oublie', element: <ForgotPasswordPage /> },
        { path: 'mot-de-passe/reinitialiser', element: <ResetPasswordPage /> },
        { path: 'donnees-personnelles', element: <LegalPage /> },
        { path: 'accessibilite', element: <AccessibilityPage /> },
        {
          element: <RequireAuth />,
          children: [
            { index: true, element: <PortalPage /> },
            { path: 'compte', element: <AccountPage /> },
            { path: 'annuaire', element: <DirectoryPage /> },
            { path: 'annuaire/personnes/:id', element: <PersonPage /> },
            { path: 'annuaire/classes/:id', element: <GroupPage kind="CLASS" /> },
            { path: 'annuaire/groupes/:id', element: <GroupPage kind="GROUP" /> },
            { path: 'mes-applis', element: <MesApplisPage /> },
            {
              path: 'messagerie',
              element: <RequireApp app="messagerie" />,
              children: [
                {
                  element: <MessagerieLayout />,
                  children: [
                    { index: true, element: <FolderView /> },
                    { path: 'messages/:id', element: <ReadView /> },
                    { path: 'nouveau', element: <ComposeView /> },
                    { path: 'regles', element: <RulesView /> },
                  ],
                },
              ],
            },
            {
              path: 'documents',
              element: <RequireApp app="documents" />,
              children: [{ index: true, element: <DocumentsPage /> }],
            },
            {
              path: 'orientation',
              element: <RequireApp app="orientation" />,
              children: [
                { index: true, element: <OrientationHomePage /> },
                { path: 'formations/:id', element: <FormationPage /> },
                { path: 'metiers', element: <MetiersSearchPage /> },
                { path: 'metiers/:id', element: <MetierPage /> },
                { path: 'projet/:id', element: <ProjectPage /> },
                { path: 'classes/:id', element: <ClassWishesPage /> },
              ],
            },
            {
              path: 'notes',
              element: <RequireApp app="notes" />,
              children: [
                { index: true, element: <NotesHomePage /> },
                { path: 'evaluations/:id', element: <GridPage /> },
                { path: ':kind/:id/:subject', element: <GradebookPage /> },
              ],
            },
            {
              path: 'actualites',
              element: <RequireApp app="actualites" />,
              children: [
                { index: true, element: <NewsPage /> },
                { path: 'nouvelle', element: <NewsEditorPage /> },
                { path: ':id', element: <NewsDetailPage /> },
                { path: ':id/modifier', element: <NewsEditorPage /> },
              ],
            },
            { path: 'agenda', element: <RequireApp app="agenda" />, children: [{ index: true, element: <AgendaPage /> }] },
            {
              path: 'support',
              element: <RequireApp app="support" />,
              children: [
                { index: true, element: <SupportPage /> },
                { path: 'tickets/:id', element: <TicketPage /> },
              ],
            },
            {
              path: 'emploi-du-temps',
              element: <RequireApp app="emploi-du-temps" />,
              children: [
                { index: true, element: <TimetablePage /> },
                { path: 'cours', element: <CoursesPage /> },
                { path: 'cours/nouveau', element: <CourseFormPage /> },
                { path: 'cours/:id', element: <CourseFormPage /> },
              ],
            },
            {
              path: 'cahier-de-textes',
              element: <RequireApp app="cahier-de-textes" />,
              children: [
                { index: true, element: <CahierPage /> },
                { path: 'seance/:courseId/:date', element: <LessonPage /> },
                { path: 'classe/:id', element: <ClassLessonsPage kind="CLASS" /> },
                { path: 'groupe/:id', element: <ClassLessonsPage kind="GROUP" /> },
                { path: 'classe/:id/semaine', element: <WeekPage kind="CLASS" /> },
                { path: 'groupe/:id/semaine', element: <WeekPage kind="GROUP" /> },
                { path: 'copier', element: <CopyLessonsPage /> },
                { path: 'historique/:entryId', element: <HistoryPage /> },
                { path: 'devoirs/:id/rendus', element: <SubmissionsPage /> },
              ],
            },
            {
              path: 'vie-scolaire',
              element: <RequireApp app="vie-scolaire" />,
              children: [
                { index: true, element: <VieScolairePage /> },
                { path: 'appel/:courseId/:date', element: <RollCallPage /> },
              ],
            },
            {
              path: 'admin',
              element: <RequireApp app="admin" />,
              children: [
                { index: true, element: <AdminHomePage /> },
                { path: 'etablissements/:id', element: <StructurePage /> },
                { path: 'imports', element: <ImportsPage /> },
                { path: 'imports/:id', element: <ImportJobPage /> },
              ],
            },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
