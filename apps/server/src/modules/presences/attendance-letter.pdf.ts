import type { Absence, AttendanceSummary } from '@preau/contracts';
import PDFDocument from 'pdfkit';
import { minutesToTime } from '../timetable/dates.ts';

/** What the letter to the family says: the month's unjustified half-days and the absences behind them. */
export interface AttendanceLetter {
  structureName: string;
  studentName: string;
  className: string | null;
  month: string;
  summary: AttendanceSummary;
  absences: Absence[];
  createdAt: Date;
  /** Tests read the page text from uncompressed content streams. */
  compress?: boolean;
}

const ink = '#1b1f3b';
const accent = '#2f4ea2';
const muted = '#4a4f63';
const monthNames = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${monthNames[m - 1]} ${y}`;
}

/**
 * The letter the head of school sends the family when a student reaches 4
 * unjustified half-days in a month (Code de l'éducation L131-8): the facts,
 * the legitimate reasons the law lists, and an invitation to meet the CPE.
 * French only: it goes to the family in the language of the school's acts.
 */
export function renderAttendanceLetter(letter: AttendanceLetter): Promise<Buffer> {
  const [year, m] = letter.month.split('-').map(Number) as [number, number];
  const monthLabel = `${monthNames[m - 1]} ${year}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: letter.compress ?? true,
    info: { Title: `Assiduité — ${letter.studentName} — ${monthLabel}`, Author: letter.structureName, CreationDate: letter.createdAt },
    lang: 'fr',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 112;
  doc.fillColor(accent).font('Helvetica-Bold').fontSize(11).text(letter.structureName.toUpperCase(), { characterSpacing: 0.5 });
  doc.moveDown(0.2).fillColor(muted).font('Helvetica').fontSize(10).text(`Le ${frenchDate(letter.createdAt.toISOString().slice(0, 10))}`);
  doc.moveDown(1.5).fillColor(ink).font('Helvetica-Bold').fontSize(18).text(`Assiduité de ${letter.studentName}`);
  if (letter.className) doc.moveDown(0.2).fillColor(muted).font('Helvetica').fontSize(11).text(`Classe : ${letter.className}`).fillColor(ink);
  doc.moveDown(1).font('Helvetica').fontSize(11).fillColor(ink);
  doc.text('Madame, Monsieur,', { width });
  doc.moveDown(0.6).text(
    `En ${monthLabel}, ${letter.studentName} a manqué ${letter.summary.unjustifiedHalfDays} demi-journées de classe sans motif légitime ni excuse valable` +
      ` (${letter.summary.halfDays} demi-journées d’absence au total, ${letter.summary.lateness} retard${letter.summary.lateness > 1 ? 's' : ''}).`,
    { width, lineGap: 2 },
  );
  doc.moveDown(0.6).text(
    'La loi (article L131-8 du code de l’éducation) demande aux familles de faire connaître sans délai le motif de toute absence. ' +
      'Les seuls motifs légitimes sont : la maladie de l’enfant, la maladie transmissible ou contagieuse d’un membre de la famille, ' +
      'une réunion solennelle de famille, un empêchement résultant de la difficulté accidentelle des communications, ' +
      'l’absence temporaire des personnes responsables lorsque l’enfant les suit. ' +
      'À partir de quatre demi-journées d’absence non justifiées dans le mois, le chef d’établissement en informe l’autorité académique.',
    { width, lineGap: 2 },
  );
  doc.moveDown(0.6).text(
    'Nous vous invitons à prendre contact avec le conseiller principal d’éducation pour en parler. ' +
      'Vous pouvez aussi donner un motif pour chaque absence dans Préau, rubrique « Absences ».',
    { width, lineGap: 2 },
  );
  doc.moveDown(1).font('Helvetica-Bold').text('Absences non justifiées du mois');
  doc.moveDown(0.3).font('Helvetica').fontSize(10);
  const unjustified = letter.absences.filter((a) => a.kind === 'ABSENCE' && !a.justified);
  for (const a of unjustified.slice(0, 40)) {
    const when = a.fromDate === a.toDate ? frenchDate(a.fromDate) : `du ${frenchDate(a.fromDate)} au ${frenchDate(a.toDate)}`;
    const hours = a.fromMinute === 0 && a.toMinute === 1440 ? 'journée' : `${minutesToTime(a.fromMinute)}–${minutesToTime(a.toMinute)}`;
    doc.text(`• ${when}, ${hours}${a.subjectName ? ` (${a.subjectName})` : ''}`, { width });
  }
  if (unjustified.length > 40) doc.text(`… et ${unjustified.length - 40} autres.`);
  doc.moveDown(1.5).fontSize(11).text('Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.', { width });
  doc.moveDown(1).text('Le chef d’établissement');
  doc.end();
  return done;
}
