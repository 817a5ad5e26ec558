import type { TimelineItem } from '@preau/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translations } from '../../i18n/resources.ts';
import { formatDay, timelineEntry } from './timeline-text.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'fr', resources: { fr: { translation: translations.fr }, en: { translation: translations.en } }, interpolation: { escapeValue: false } });
});
const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options ?? {});
const tEn = (key: string, options?: Record<string, unknown>) => i18n.t(key, { ...options, lng: 'en' });

const item = (kind: string, data: Record<string, unknown>, objectId = 'c1_2026-09-18'): TimelineItem => ({
  id: '1',
  kind,
  objectType: 'course-occurrence',
  objectId,
  actorName: 'Paul Martin',
  data,
  createdAt: '2026-09-14T07:00:00.000Z',
  isRead: false,
});

describe('timeline sentences', () => {
  it('name the day of a school date with its weekday, in both languages', () => {
    expect(formatDay('2026-09-18', 'fr')).toBe('vendredi 18 septembre');
    expect(formatDay('2026-09-18', 'en')).toBe('Friday 18 September');
    expect(formatDay('not a date', 'fr')).toBe('');
  });

  it('make a cancelled class recognisable, with subject, day, time, who and a link to that day', () => {
    const entry = timelineEntry(item('timetable.changed', { subjectName: 'Mathématiques', originalDate: '2026-09-18', date: '2026-09-18', start: '10:00', end: '11:00', cancelled: true, room: 'B12' }), t, 'fr');
    expect(entry).toEqual({
      text: 'Cours annulé : Mathématiques, vendredi 18 septembre à 10:00 (par Paul Martin)',
      href: '/emploi-du-temps?vue=jour&date=2026-09-18',
      cancelled: true,
    });
  });

  it('say where a moved class goes and in which room', () => {
    const entry = timelineEntry(item('timetable.changed', { subjectName: 'Histoire', originalDate: '2026-09-24', date: '2026-09-25', start: '16:00', end: '17:00', cancelled: false, room: 'C3' }), t, 'fr');
    expect(entry.text).toBe('Cours déplacé : Histoire du jeudi 24 septembre, désormais vendredi 25 septembre de 16:00 à 17:00 (salle C3, par Paul Martin)');
    expect(entry.href).toBe('/emploi-du-temps?vue=jour&date=2026-09-25');
    expect(entry.cancelled).toBe(false);
  });

  it('announce new homework with its subject and due day, linked to the session it was given in', () => {
    const entry = timelineEntry(item('homework.assigned', { subjectName: 'Anglais', dueOn: '2026-09-21', handInOnline: true, givenOn: '2026-09-14', courseId: 'c9' }, 'h1'), tEn, 'en');
    expect(entry).toEqual({ text: 'New homework in Anglais to hand in online by Monday 21 September (by Paul Martin)', href: '/cahier-de-textes/seance/c9/2026-09-14', cancelled: false });
    // Events recorded before the session was stored still lead to the homework list.
    expect(timelineEntry(item('homework.assigned', { subjectName: 'Anglais', dueOn: '2026-09-21' }, 'h1'), t, 'fr').href).toBe('/cahier-de-textes');
  });

  it('say when a date of the orientation calendar is cancelled, in both languages, and mark it so', () => {
    const cancelled = item('orientation.deadline-cancelled', { label: 'Saisie des vœux', dueOn: '2027-03-12' }, 'd1');
    expect(timelineEntry(cancelled, t, 'fr')).toEqual({ text: 'Calendrier d’orientation : Saisie des vœux, le 12 mars 2027, est annulé', href: '/orientation', cancelled: true });
    expect(timelineEntry(cancelled, tEn, 'en').text).toBe('Orientation calendar: Saisie des vœux, on 12 March 2027, is cancelled');
  });

  it('keep a generic wording without a link for kinds it does not know', () => {
    expect(timelineEntry(item('something.else', {}), t, 'fr')).toEqual({ text: 'Nouvelle activité', cancelled: false });
  });

  it('flag a legal threshold of absences to vie scolaire, leading to the month’s students and their letter', () => {
    const flag = item('presences.threshold', { studentName: 'Jade Martin', className: '4e B', month: '2026-12', threshold: 4, unjustifiedHalfDays: 5 }, 's1');
    expect(timelineEntry(flag, t, 'fr')).toEqual({
      text: 'Jade Martin (4e B) a 5 demi-journées d’absence non justifiées en décembre 2026 (seuil de 4) : la lettre à la famille est prête',
      href: '/vie-scolaire?mois=2026-12',
      cancelled: false,
    });
    expect(timelineEntry(flag, tEn, 'en').text).toBe('Jade Martin (4e B) has 5 unjustified half-days of absence in December 2026 (threshold of 4): the letter to the family is ready');
    expect(timelineEntry(item('presences.threshold', { studentName: 'Jade Martin', month: '../x', threshold: 10, unjustifiedHalfDays: 10 }), t, 'fr').href).toBe('/vie-scolaire');
  });
  it('follow a support ticket: new, each status, a planned visit with its date, closing by itself; all linked to the ticket', () => {
    const ticket = (data: Record<string, unknown>, kind = 'support.status') => timelineEntry(item(kind, { title: 'Vidéoprojecteur B102', ...data }, 'tk1'), t, 'fr');
    expect(ticket({ priority: 'HIGH', structureName: 'Lycée Simone-Veil' }, 'support.new')).toEqual({
      text: 'Paul Martin a signalé une panne : « Vidéoprojecteur B102 » (Lycée Simone-Veil)',
      href: '/support/tickets/tk1',
      cancelled: false,
    });
    expect(ticket({ from: 'NEW', to: 'ASSIGNED' }).text).toBe('Paul Martin a passé le signalement « Vidéoprojecteur B102 » à : Attribué');
    expect(ticket({ from: 'ASSIGNED', to: 'PLANNED', startsAt: '2026-09-15T06:00:00.000Z' }).text).toMatch(/^Paul Martin a prévu une intervention le 15 septembre 2026 à \d{2}:00 pour le signalement « Vidéoprojecteur B102 »$/);
    expect(ticket({ from: 'RESOLVED', to: 'CLOSED', automatic: true }).text).toBe('Le signalement « Vidéoprojecteur B102 » a été clos automatiquement une semaine après sa résolution');
    expect(timelineEntry(item('support.status', { title: 'Projector', from: 'ASSIGNED', to: 'WAITING' }, 'tk1'), tEn, 'en').text).toBe('Paul Martin moved the report “Projector” to: On hold');
  });
});
