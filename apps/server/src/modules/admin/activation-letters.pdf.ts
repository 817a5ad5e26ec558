import type { Locale } from '@preau/contracts';
import PDFDocument from 'pdfkit';
import { letterTexts } from './activation-letter-text.ts';
import type { LetterRow } from './activation-letters.repository.ts';

export interface LetterBatch {
  structureName: string;
  className: string;
  address: string;
  locale: Locale;
  letters: LetterRow[];
  /** Fixed in tests so the same input gives the same bytes. */
  createdAt: Date;
  /** Tests read the page text from uncompressed content streams. */
  compress?: boolean;
}

const ink = '#1b1f3b';
const accent = '#2f4ea2';
const muted = '#4a4f63';

/**
 * One A4 page per account: who it is for, the login and code in large
 * monospaced type (no 0/O or 1/l confusion in codes by construction), the
 * address and four steps. Built with the PDF standard fonts, which cover
 * French (WinAnsi) without embedding a font file.
 */
export function renderActivationLetters(batch: LetterBatch): Promise<Buffer> {
  const text = letterTexts[batch.locale];
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    autoFirstPage: false,
    compress: batch.compress ?? true,
    info: { Title: `${text.title} — ${batch.className}`, Author: batch.structureName, CreationDate: batch.createdAt },
    lang: batch.locale,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  for (const letter of batch.letters) {
    doc.addPage();
    const width = doc.page.width - 112;
    doc.fillColor(accent).font('Helvetica-Bold').fontSize(11).text(batch.structureName.toUpperCase(), { characterSpacing: 0.5 });
    doc.moveDown(0.2).fillColor(muted).font('Helvetica').fontSize(10);
    doc.text(`${text.classLabel} ${batch.className} · ${text.profileLabel[letter.profile]}`);
    doc.moveDown(1.5).fillColor(ink).font('Helvetica-Bold').fontSize(20).text(text.title);
    doc.moveDown(1).font('Helvetica').fontSize(11).text(text.greeting(`${letter.first_name} ${letter.last_name}`));
    if (letter.children) doc.moveDown(0.3).fillColor(muted).text(text.forParentOf(letter.children)).fillColor(ink);
    doc.moveDown(0.6).text(text.intro(batch.structureName), { width, lineGap: 2 });

    doc.moveDown(1.2);
    const boxTop = doc.y;
    doc.roundedRect(56, boxTop, width, 118, 6).lineWidth(1).strokeColor(accent).stroke();
    const field = (label: string, value: string, y: number, mono: boolean) => {
      doc.fillColor(muted).font('Helvetica').fontSize(10).text(label, 72, y);
      doc.fillColor(ink).font(mono ? 'Courier-Bold' : 'Helvetica-Bold').fontSize(mono ? 18 : 13).text(value, 72, y + 13);
    };
    field(text.loginLabel, letter.login, boxTop + 12, true);
    field(text.codeLabel, letter.activation_code.split('').join(' '), boxTop + 48, true);
    field(text.addressLabel, batch.address, boxTop + 84, false);

    doc.x = 56;
    doc.y = boxTop + 140;
    doc.fillColor(ink).font('Helvetica-Bold').fontSize(13).text(text.stepsTitle);
    doc.moveDown(0.4).font('Helvetica').fontSize(11);
    text.steps(batch.address).forEach((step, index) => {
      doc.text(`${index + 1}. ${step}`, { width, lineGap: 2, indent: 0 });
      doc.moveDown(0.3);
    });
    doc.moveDown(0.8).fillColor(muted).fontSize(10).text(text.keepSafe, { width });
  }
  doc.end();
  return done;
}
