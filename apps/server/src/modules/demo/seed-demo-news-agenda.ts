import { sql } from 'kysely';
import type { Platform } from '../../platform/platform.ts';
import { insertCalendar, insertEvent } from '../agenda/agenda.repository.ts';
import { lastEndOf } from '../agenda/recurrence.ts';
import { addDays, parisNow, parisToUtc } from '../timetable/dates.ts';
import { getDisplayName, insertNews, setNewsStatus } from '../news/news.repository.ts';

/**
 * Demo actualités and agenda: a welcome news item for the whole lycée of
 * demo.eleve, published by its head (demo.adml); a calendar for demo.eleve's
 * class with a weekly club and a class council. Runs once, right after the
 * demo accounts are made.
 */
export async function seedDemoNewsAgenda(platform: Platform): Promise<void> {
  const db = platform.database.db;
  const year = platform.schoolYear();
  const row = await sql<{ student_id: string; class_id: string; structure_id: string; head_id: string | null }>`
    SELECT a.id AS student_id, c.id AS class_id, c.structure_id,
      (SELECT h.id FROM accounts h WHERE h.login = 'demo.adml') AS head_id
    FROM accounts a JOIN class_members cm ON cm.account_id = a.id JOIN classes c ON c.id = cm.class_id AND c.school_year = ${year}
    WHERE a.login = 'demo.eleve' LIMIT 1`.execute(db);
  const demo = row.rows[0];
  if (!demo || !demo.head_id) return;
  const now = new Date(platform.now());
  const today = parisNow(now.getTime()).date;
  await db.transaction().execute(async (trx) => {
    const { id } = await insertNews(
      trx,
      {
        structureId: demo.structure_id,
        schoolYear: year,
        targetType: 'STRUCTURE',
        targetId: demo.structure_id,
        audience: ['ELEVE', 'PARENT', 'ENSEIGNANT', 'PERSONNEL'],
        title: 'Bienvenue sur Préau',
        contentHtml:
          '<p>Votre espace numérique de travail est ouvert. Vous y trouverez votre <strong>emploi du temps</strong>, le <strong>cahier de textes</strong>, la messagerie, les actualités et l’agenda du lycée.</p><p>Bonne rentrée à toutes et à tous !</p>',
        pinned: true,
        // The demo shows comments open: a visitor sees how a pupil answers and a head moderates.
        commentsEnabled: true,
        publishAt: null,
        expireAt: null,
      },
      { id: demo.head_id!, name: await getDisplayName(trx, demo.head_id!) },
      now,
    );
    // The demo's welcome is there from the start: nobody is notified of it.
    await setNewsStatus(trx, id, demo.structure_id, { status: 'PUBLISHED', publisherId: demo.head_id, publishAt: now, notifiedAt: now }, now);

    const calendar = await insertCalendar(trx, { kind: 'CLASS', ownerId: null, structureId: demo.structure_id, targetId: demo.class_id, title: 'Vie de la classe', color: '#b5478b', createdBy: demo.head_id! });
    const clubStart = parisToUtc(today, 12 * 60 + 30);
    const clubEnd = parisToUtc(today, 13 * 60 + 30);
    const until = addDays(today, 70);
    await insertEvent(
      trx,
      calendar.id,
      {
        title: 'Club théâtre',
        description: 'Ouvert à tous, sans inscription.',
        location: 'Salle polyvalente',
        startsAt: clubStart,
        endsAt: clubEnd,
        allDay: false,
        recurrence: 'WEEKLY',
        recurrenceUntil: until,
        lastEndsAt: lastEndOf({ startsAt: clubStart, endsAt: clubEnd, recurrence: 'WEEKLY', until }),
        icsUid: null,
      },
      demo.head_id!,
    );
    const councilDay = addDays(today, 21);
    const councilStart = parisToUtc(councilDay, 17 * 60);
    const councilEnd = parisToUtc(councilDay, 18 * 60 + 30);
    await insertEvent(
      trx,
      calendar.id,
      { title: 'Conseil de classe', description: '', location: 'Salle B12', startsAt: councilStart, endsAt: councilEnd, allDay: false, recurrence: null, recurrenceUntil: null, lastEndsAt: councilEnd, icsUid: null },
      demo.head_id!,
    );
  });
}
