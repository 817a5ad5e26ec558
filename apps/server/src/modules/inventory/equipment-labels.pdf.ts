import type { EquipmentKind } from '@preau/contracts';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { KIND_LABELS } from './equipment-csv.service.ts';

/** One equipment as its label shows it. */
export interface LabelItem {
  id: string;
  name: string;
  kind: EquipmentKind;
  building: string | null;
  room: string | null;
  serial: string | null;
}

export interface LabelSheet {
  structureName: string;
  items: LabelItem[];
  /** Where the label's QR code leads: the ENT's "Signaler une panne" page for this equipment. */
  reportUrl: (id: string) => string;
  createdAt: Date;
  /** Tests read the page text from uncompressed content streams. */
  compress?: boolean;
}

/** The common A4 sheet of 24 self-adhesive labels (3 × 8, 70 × 37 mm, no margin). */
const MM = 72 / 25.4;
const COLUMNS = 3;
const ROWS = 8;
const LABEL_WIDTH = 70 * MM;
const LABEL_HEIGHT = 297 / ROWS * MM;
const PADDING = 3.5 * MM;
/** The QR code with its quiet zone of 4 modules (ISO/IEC 18004), square, the label's height less its padding. */
const QR_SIDE = LABEL_HEIGHT - 2 * PADDING;
const QUIET_MODULES = 4;
const ink = '#1b1f3b';
const muted = '#4a4f63';

/** The text cut with an ellipsis to hold on one line of `width` in the current font. */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Draws the QR code's dark modules as filled squares (vector: sharp at any printer's resolution). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number): void {
  // Level M (15 % of the code may be lost): a label gets scratched; a URL of ~80 characters stays at version 5.
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const module = QR_SIDE / (modules.size + 2 * QUIET_MODULES);
  const origin = { x: x + QUIET_MODULES * module, y: y + QUIET_MODULES * module };
  for (let row = 0; row < modules.size; row++) {
    // One rectangle per run of dark modules keeps the page small (a few hundred operators per code).
    let start = -1;
    for (let column = 0; column <= modules.size; column++) {
      const dark = column < modules.size && modules.get(row, column) === 1;
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        doc.rect(origin.x + start * module, origin.y + row * module, (column - start) * module, module);
        start = -1;
      }
    }
  }
  doc.fillColor('#000000').fill();
}

/**
 * Labels to stick on the equipment, 24 per A4 sheet: a QR code that opens
 * "Signaler une panne" for this very equipment in the ENT, the equipment's
 * name, type, place and serial, and the same words for one who cannot scan.
 * French only: the labels are read in the school.
 */
export function renderEquipmentLabels(sheet: LabelSheet): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: sheet.compress ?? true,
    info: { Title: `Étiquettes d’inventaire — ${sheet.structureName}`, Author: sheet.structureName, CreationDate: sheet.createdAt },
    lang: 'fr',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  sheet.items.forEach((item, index) => {
    const slot = index % (COLUMNS * ROWS);
    if (slot === 0) doc.addPage({ size: 'A4', margin: 0 });
    const x = (slot % COLUMNS) * LABEL_WIDTH;
    const y = Math.floor(slot / COLUMNS) * LABEL_HEIGHT;
    drawQr(doc, sheet.reportUrl(item.id), x + PADDING, y + PADDING);
    const textX = x + PADDING + QR_SIDE + 1.5 * MM;
    const width = LABEL_WIDTH - (textX - x) - PADDING;
    doc.y = y + PADDING + 2;
    const place = [item.building ? `Bât. ${item.building}` : null, item.room ? `salle ${item.room}` : null].filter(Boolean).join(', ');
    const line = (text: string, gap: number) => doc.text(fit(doc, text, width), textX, doc.y + gap, { width, lineBreak: false });
    doc.fillColor(ink).font('Helvetica-Bold').fontSize(8);
    line('Signaler une panne', 0);
    doc.fillColor(muted).font('Helvetica').fontSize(6.5);
    line('Scannez ce code', 1);
    line('avec votre téléphone', 0);
    doc.fillColor(ink).font('Helvetica-Bold').fontSize(8.5);
    line(item.name, 4);
    doc.font('Helvetica').fontSize(7);
    line(KIND_LABELS[item.kind], 1);
    if (place) line(place, 1);
    if (item.serial) line(`N° ${item.serial}`, 1);
    doc.fillColor(muted).fontSize(5.5);
    doc.text(fit(doc, sheet.structureName, width), textX, y + LABEL_HEIGHT - PADDING - 6, { width, lineBreak: false });
  });
  doc.end();
  return done;
}
