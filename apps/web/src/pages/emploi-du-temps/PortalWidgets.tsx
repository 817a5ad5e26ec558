import { useChosenChild } from '../../session/child-choice.ts';
import { hasApp, useCurrentUser } from '../../session/current-user.ts';
import { DueTomorrowWidget } from '../cahier-de-textes/DueTomorrowWidget.tsx';
import { useTodoChildren } from '../cahier-de-textes/homework-queries.ts';
import { NewsWidget } from '../actualites/NewsWidget.tsx';
import { ChildNextCoursesWidget, NextCoursesWidget } from './NextCoursesWidget.tsx';

/** The portal's timetable and homework widgets, for the profiles they concern. */
export function PortalWidgets() {
  const me = useCurrentUser();
  const courses = hasApp(me, 'emploi-du-temps') && ['ELEVE', 'PARENT', 'ENSEIGNANT'].includes(me.profile);
  const homework = hasApp(me, 'cahier-de-textes') && ['ELEVE', 'PARENT'].includes(me.profile);
  const news = hasApp(me, 'actualites');
  // A parent sees one widget per child, named; the others their own.
  // The same list as the homework widget's (the portal's composite call fills it).
  const todoChildren = useTodoChildren(courses && me.profile === 'PARENT');
  const chosen = useChosenChild(me).child?.id;
  // The child chosen in the header comes first.
  const children = me.profile === 'PARENT'
    ? (todoChildren.data?.items ?? [])
        .map((c) => ({ id: c.id, label: c.displayName }))
        .sort((a, b) => Number(b.id === chosen) - Number(a.id === chosen))
    : [];
  if (!courses && !homework && !news) return null;
  return (
    <div className="portal-widgets">
      {news ? <NewsWidget /> : null}
      {courses && me.profile === 'PARENT' ? children.map((child) => <ChildNextCoursesWidget key={child.id} child={child} />) : null}
      {courses && me.profile !== 'PARENT' ? <NextCoursesWidget /> : null}
      {homework ? <DueTomorrowWidget /> : null}
    </div>
  );
}
