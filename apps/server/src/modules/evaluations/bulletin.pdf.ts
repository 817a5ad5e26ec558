import type { Bulletin, Locale } from '@preau/contracts';
import PDFDocument from 'pdfkit';

/**
 * The bulletin of one student and period as an A4 PDF: identity, then a
 * table of subjects (student's average, class average, min, max, the
 * teacher's appreciation), the general average and the professeur
 * principal's appreciation, then vie scolaire: the period's half-days of
 * absence (justified, unjustified) and lateness, counted by the presences
 * module. Standard PDF fonts (WinAnsi covers French).
 */

const texts = {
  fr: {
    title: 'Bulletin',
    period: (kind: string, rank: number) => `${kind === 'TRIMESTRE' ? 'Trimestre' : 'Semestre'} ${rank}`,
    student: 'Élève',
    className: 'Classe',
    subject: 'Matière',
    average: 'Moyenne',
    classAverage: 'Classe',
    min: 'Min',
    max: 'Max',
    appreciation: 'Appréciation',
    general: 'Moyenne générale',
    principal: 'Appréciation générale',
    none: 'Non noté',
    council: 'Conseil de classe du',
    vieScolaire: 'Vie scolaire',
    absences: (total: number, justified: number, unjustified: number) =>
      `Absences : ${total} demi-journée${total > 1 ? 's' : ''} (${justified} justifiée${justified > 1 ? 's' : ''}, ${unjustified} non justifiée${unjustified > 1 ? 's' : ''})`,
    lateness: (count: number) => `Retards : ${count}`,
  },
  en: {
    title: 'School report',
    period: (kind: string, rank: number) => `${kind === 'TRIMESTRE' ? 'Term' : 'Semester'} ${rank}`,
    student: 'Student',
    className: 'Class',
    subject: 'Subject',
    average: 'Average',
    classAverage: 'Class',
    min: 'Min',
    max: 'Max',
    appreciation: 'Comment',
    general: 'Overall average',
    principal: 'General comment',
    none: 'Not graded',
    council: 'Class council on',
    vieScolaire: 'Attendance',
    absences: (total: number, justified: number, unjustified: number) =>
      `Absences: ${total} half-day${total === 1 ? '' : 's'} (${justified} justified, ${unjustified} unjustified)`,
    lateness: (count: number) => `Late arrivals: ${count}`,
  },
} as const;

const ink = '#1b1f3b';
const accent = '#2f4ea2';
const muted = '#4a4f63';

function mark(value: number | null, locale: Locale): string {
  if (value === null) return '–';
  return value.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
}

export function renderBulletin(input: Bulletin & { structureName: string; locale: Locale; createdAt: Date; compress?: boolean }): Promise<Buffer> {
  const text = texts[input.locale];
  const { results } = input;
  const period = results.period!;
  const periodLabel = text.period(period.kind, period.rank);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    compress: input.compress ?? true,
    info: { Title: `${text.title} — ${results.student.displayName} — ${periodLabel}`, Author: input.structureName, CreationDate: input.createdAt },
    lang: input.locale,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = 48;
  const width = doc.page.width - 96;
  doc.fillColor(accent).font('Helvetica-Bold').fontSize(11).text(input.structureName.toUpperCase(), { characterSpacing: 0.5 });
  doc.moveDown(0.8).fillColor(ink).fontSize(18).text(`${text.title} — ${periodLabel}`);
  doc.moveDown(0.4).font('Helvetica').fontSize(11).fillColor(muted);
  doc.text(`${text.student} : ${results.student.displayName}${results.student.className ? ` · ${text.className} ${results.student.className}` : ''}`);
  doc.text(`${text.council} ${period.councilOn}`);
  doc.moveDown(1);

  // Columns: subject 150, average 55, class 45, min 40, max 40, appreciation the rest.
  const cols = [150, 55, 45, 40, 40];
  const appreciationWidth = width - cols.reduce((a, b) => a + b, 0);
  const header = [text.subject, text.average, text.classAverage, text.min, text.max, text.appreciation];
  let y = doc.y;
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9).fillColor(ink);
    const widths = [...cols, appreciationWidth];
    const height = Math.max(16, ...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 6 }) + 6));
    if (y + height > doc.page.height - 60) {
      doc.addPage();
      y = 48;
    }
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x + 3, y + 3, { width: widths[i]! - 6 });
      x += widths[i]!;
    });
    doc.moveTo(left, y + height).lineTo(left + width, y + height).lineWidth(0.5).strokeColor('#c9ccd6').stroke();
    y += height;
  };
  row(header, true);
  const bySubject = new Map(input.appreciations.map((a) => [a.subjectCode, a]));
  for (const s of results.subjects) {
    const appreciation = bySubject.get(s.subjectCode);
    row(
      [
        `${s.subjectName}\n${s.teacherNames.join(', ')}`,
        s.average === null ? text.none : mark(s.average, input.locale),
        mark(s.classStats.average, input.locale),
        mark(s.classStats.min, input.locale),
        mark(s.classStats.max, input.locale),
        appreciation?.body ?? '',
      ],
      false,
    );
  }
  row([text.general, results.generalAverage === null ? text.none : mark(results.generalAverage, input.locale), '', '', '', ''], true);

  doc.x = left;
  doc.y = y;
  const attendance = input.attendance;
  if (attendance) {
    doc.font('Helvetica-Bold').fontSize(11).fillColor(accent).text(text.vieScolaire, left, doc.y + 18);
    doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(ink);
    doc.text(text.absences(attendance.halfDays, attendance.justifiedHalfDays, attendance.unjustifiedHalfDays), { width });
    doc.text(text.lateness(attendance.lateness), { width });
  }
  const general = bySubject.get(null);
  if (general) {
    doc.font('Helvetica-Bold').fontSize(11).fillColor(accent).text(text.principal, left, doc.y + 18);
    doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(ink).text(general.body, { width });
    doc.moveDown(0.2).fillColor(muted).fontSize(9).text(general.authorName);
  }
  doc.end();
  return done;
}
