import { hasApp, useCurrentUser } from '../../session/current-user.ts';
import { DueTomorrowWidget } from '../cahier-de-textes/DueTomorrowWidget.tsx';
import { NewsWidget } from '../actualites/NewsWidget.tsx';
import { NextCoursesWidget } from './NextCoursesWidget.tsx';

/** The portal's timetable and homework widgets, for the profiles they concern. */
export function PortalWidgets() {
  const me = useCurrentUser();
  const courses = hasApp(me, 'emploi-du-temps') && ['ELEVE', 'PARENT', 'ENSEIGNANT'].includes(me.profile);
  const homework = hasApp(me, 'cahier-de-textes') && ['ELEVE', 'PARENT'].includes(me.profile);
  const news = hasApp(me, 'actualites');
  if (!courses && !homework && !news) return null;
  return (
    <div className="portal-widgets">
      {news ? <NewsWidget /> : null}
      {courses ? <NextCoursesWidget /> : null}
      {homework ? <DueTomorrowWidget /> : null}
    </div>
  );
}
