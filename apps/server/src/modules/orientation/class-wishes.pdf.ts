import type { ClassWishes, Locale, OrientationStep } from '@preau/contracts';
import PDFDocument from 'pdfkit';

const texts = {
  fr: {
    title: 'Vœux d’orientation',
    step: { FIN_SECONDE: 'Fin de seconde', TERMINALE: 'Terminale (après le bac)' } satisfies Record<OrientationStep, string>,
    classLabel: 'Classe',
    printed: (date: string) => `Document préparé pour le conseil de classe le ${date}`,
    none: 'Aucun vœu saisi.',
    formation: 'Formation Onisep',
    count: (students: number, withWishes: number) => `${students} élèves, ${withWishes} avec au moins un vœu`,
  },
  en: {
    title: 'Orientation wishes',
    step: { FIN_SECONDE: 'End of seconde', TERMINALE: 'Terminale (after the bac)' } satisfies Record<OrientationStep, string>,
    classLabel: 'Class',
    printed: (date: string) => `Prepared for the conseil de classe on ${date}`,
    none: 'No wish entered.',
    formation: 'Onisep formation',
    count: (students: number, withWishes: number) => `${students} students, ${withWishes} with at least one wish`,
  },
} satisfies Record<Locale, unknown>;

const ink = '#1b1f3b';
const accent = '#2f4ea2';
const muted = '#4a4f63';

/**
 * The class's wishes of one step for the conseil de classe: each student in the class's order with his ranked
 * wishes and motivations, flowing over as many A4 pages as needed (pdfkit breaks pages as the text runs).
 */
export function renderClassWishesPdf(table: ClassWishes, options: { locale: Locale; createdAt: Date; compress?: boolean }): Promise<Buffer> {
  const text = texts[options.locale];
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    compress: options.compress ?? true,
    info: { Title: `${text.title} — ${table.className}`, CreationDate: options.createdAt },
    lang: options.locale,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 96;
  const date = options.createdAt.toLocaleDateString(options.locale === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });
  const withWishes = table.students.filter((s) => s.wishes.length > 0).length;

  doc.fillColor(ink).font('Helvetica-Bold').fontSize(18).text(`${text.title} — ${text.classLabel} ${table.className}`, { width });
  doc.moveDown(0.2).fillColor(accent).font('Helvetica-Bold').fontSize(12).text(text.step[table.step]);
  doc.moveDown(0.2).fillColor(muted).font('Helvetica').fontSize(9).text(`${text.printed(date)} · ${text.count(table.students.length, withWishes)}`);
  doc.moveDown(1);

  for (const student of table.students) {
    // Keep a student's name with at least his first wish.
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.fillColor(ink).font('Helvetica-Bold').fontSize(11).text(`${student.lastName.toUpperCase()} ${student.firstName}`, 48, doc.y, { width });
    doc.font('Helvetica').fontSize(10);
    if (student.wishes.length === 0) doc.fillColor(muted).text(text.none, 64, doc.y, { width: width - 16 });
    for (const wish of student.wishes) {
      doc.fillColor(ink).text(`${wish.rank}. ${wish.label}${wish.formationId ? ` (${text.formation} ${wish.formationId})` : ''}`, 64, doc.y, { width: width - 16 });
      if (wish.motivation) doc.fillColor(muted).text(wish.motivation, 78, doc.y, { width: width - 30, lineGap: 1 });
    }
    doc.moveDown(0.7);
  }
  doc.end();
  return done;
}
