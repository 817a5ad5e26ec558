/**
 * The text of each page of an uncompressed pdfkit file (`compress: false`): the standard fonts write WinAnsi hex
 * strings, one TJ per line. Node's TextDecoder decodes windows-1252 as Latin-1; the WinAnsi bytes past it that
 * French text uses are mapped back by hand.
 */
export function pdfPagesText(pdf: Buffer): string[] {
  const winAnsi: Record<string, string> = { '\u0092': '’', '\u009c': 'œ', '\u008c': 'Œ', '\u0085': '…', '\u0096': '–', '\u0097': '—' };
  const decode = (hex: string) => Buffer.from(hex, 'hex').toString('latin1').replace(/[\u0085\u008c\u0092\u0096\u0097\u009c]/g, (c) => winAnsi[c]!);
  const raw = pdf.toString('latin1');
  const streams = [...raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)].map((m) => m[1]!).filter((s) => s.includes(' TJ'));
  return streams.map((stream) =>
    [...stream.matchAll(/\[(.*?)\] TJ/g)]
      .map((tj) => [...tj[1]!.matchAll(/<([0-9a-f]*)>/g)].map((hex) => decode(hex[1]!)).join(''))
      .join('\n'),
  );
}
