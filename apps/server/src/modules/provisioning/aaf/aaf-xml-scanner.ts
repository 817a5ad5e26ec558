/**
 * A streaming XML well-formedness scanner made for AAF files: it replaces a
 * general SAX parser (saxes) in the AAF reader, several times faster. It
 * looks for markup with `indexOf`, matches AAF's usual element
 * (`<attr name="…"><value>…</value></attr>`) with one regular expression,
 * reads other tags character by character, and makes strings only of the
 * character data its handler asks for.
 *
 * It checks what AAF files contain: the XML declaration, a DOCTYPE (its
 * internal subset is skipped as saxes did), comments, processing
 * instructions, CDATA, tag and attribute syntax, matching close tags, one root
 * element, no text outside it, predefined entities and character references,
 * characters allowed in XML 1.0. Error messages and lines are saxes's, except
 * where saxes reported an error later than its cause (a bare `&`, stray text
 * outside the root): here the line is the cause's.
 *
 * Only the unconsumed tail of the input is kept between writes (an incomplete
 * tag, at most 1 MiB, or the last characters of a text; comments, CDATA and
 * PIs go through in pieces), and lines are counted when a line is asked for
 * (a request's opening tag, an error), not character by character.
 */

/** Malformed XML, at a 1-based line; the message is saxes's wording. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** The opening tag being reported to the handler. */
export interface XmlTag {
  /** Line of the tag's closing `>` (where saxes reported the open tag). */
  readonly line: number;
  /** The value of an attribute of the tag, entities decoded and whitespace normalised. */
  attribute(name: string): string | undefined;
}

/** What the scanner reports, in document order. */
export interface XmlHandler {
  /** True while the handler wants the character data (text and CDATA) of the current element: only then is it decoded. */
  readonly capturing: boolean;
  open(name: string, tag: XmlTag): void;
  /** An element ends; on a mismatched close tag, the element that was open is closed, then the scanner throws. */
  close(name: string): void;
  text(data: string): void;
  /**
   * A shortcut for `<attr name="…"><value>…</value>…</attr>`, AAF's usual
   * element (its name attribute, the text of each value, '' for an empty
   * one): the handler takes it at once and returns true, or returns false to
   * get the events instead (`open('attr')`, then `open('value')`, `text`,
   * `close('value')` for each value, then `close('attr')`).
   */
  attr?(name: string, values: string[]): boolean;
}

const TAB = 0x09;
const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const BANG = 0x21;
const DQUOTE = 0x22;
const HASH = 0x23;
const AMP = 0x26;
const SQUOTE = 0x27;
const MINUS = 0x2d;
const SLASH = 0x2f;
const SEMICOLON = 0x3b;
const LT = 0x3c;
const EQUAL = 0x3d;
const GT = 0x3e;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LOWER_A = 0x61;
const LOWER_X = 0x78;

/**
 * AAF's usual element, `<attr name="…"><value>…</value>…</attr>`, after
 * whitespace: only text that needs no further check (no `<`, `&`,
 * characters to normalise in the attribute value, or characters XML
 * forbids); `<value/>` too. The text of a single value is captured, several
 * values are read afterwards.
 */
const ATTR_ELEMENT =
  /([ \n]*)<attr name="[^"<&\t\n\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*">(?:<value>([^<&\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*)<\/value>|((?:<value>[^<&\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*<\/value>|<value\/>)+))<\/attr>/y;

const NAME_START = 1;
const NAME_CHAR = 2;
/** ASCII characters allowed to start (1) and to continue (2) an XML name. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const start = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x3a || c === 0x5f;
  const char = start || (c >= 0x30 && c <= 0x39) || c === MINUS || c === 0x2e;
  ASCII_NAME[c] = (start ? NAME_START : 0) | (char ? NAME_CHAR : 0);
}

/** XML 1.0 (5th edition) NameStartChar, outside ASCII. */
function isNameStartCode(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0xeffff)
  );
}

/** XML 1.0 NameChar, outside ASCII. */
function isNameCode(c: number): boolean {
  return isNameStartCode(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === NL || c === TAB || c === CR;
}

/** XML 1.0 Char, for character references. */
function isXmlChar(c: number): boolean {
  return (c >= 0x20 && c <= 0xd7ff) || c === NL || c === TAB || c === CR || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/**
 * Characters XML 1.0 forbids. Decoded input holds no lone surrogate (the
 * decoders never produce one), so a character class is enough. They are
 * looked for where the scanner does not read each character anyway: in
 * text, comments, CDATA, PIs, the DOCTYPE, attribute values (and in AAF's
 * usual element, by its regular expression); elsewhere they break the syntax
 * and `error` tells them.
 */
const FORBIDDEN_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

function isForbidden(c: number): boolean {
  return (c < 0x20 && c !== NL && c !== TAB && c !== CR) || c === 0xfffe || c === 0xffff;
}

/** What `inside` can be. */
const OUTSIDE = 0;
const IN_COMMENT = 1;
const IN_CDATA = 2;
const IN_PI = 3;

/** The longest tag (or DOCTYPE) kept unread between writes; AAF's are a few dozen characters. */
const MARKUP_MAX = 1 << 20;

/** Beyond this, a last `&` without `;` is no reference to keep for the next write (reading it fails). */
const REFERENCE_MAX = 256;

/** Child names remembered by depth (AAF's requests have three kinds of children). */
const GUESSES = 4;

/** Element names kept as one string each (AAF has a dozen). */
const INTERNED_MAX = 4096;
const INTERNED_LENGTH = 64;

/** The internalized copy of a string (property keys are internalized): equal names become one pointer, of their own. */
function internalize(name: string): string {
  return Object.keys({ [name]: 0 })[0]!;
}

/**
 * Search positions: not computed yet for the current buffer, or nothing
 * found in it (beyond any string's length, and a small integer, so that the
 * fields holding it stay untagged integers for V8).
 */
const UNKNOWN = -1;
const NONE = 2 ** 30 - 1;

/** Scans one XML document written to it in pieces; throws XmlSyntaxError at the first error. */
export class XmlScanner implements XmlTag {
  /** Unconsumed input: `pos` is the next character to read. */
  private buf = '';
  private pos = 0;
  /** Offset of `buf[0]` in the document: an XML declaration is allowed at offset 0 only. */
  private origin = 0;
  private started = false;
  /** A CR at the end of a write, held back until we know whether an LF follows. */
  private pendingCR = false;

  private readonly stack: string[] = [];
  private sawRoot = false;
  private closedRoot = false;
  private sawDoctype = false;

  /** A comment, CDATA section or PI begun and not ended by the text written so far: its content goes through, it is not kept. */
  private inside = OUTSIDE;
  private piTarget = '';
  /**
   * Next `&`, `]]>` and tab at or after the scanned position: one search per
   * occurrence, not per text or attribute. Forgotten at each write, as the
   * scan may then go back to the start of an incomplete tag.
   */
  private nextAmp = UNKNOWN;
  private nextCdataEnd = UNKNOWN;
  private nextTab = UNKNOWN;

  /** Lines: `lineCount` newlines before `lineCursor`; `nextNewline` is the first one at or after it. */
  private lineCursor = 0;
  private lineCount = 0;
  private nextNewline = UNKNOWN;

  /** Where the construct being read began: `error` looks there for a forbidden character before the error. */
  private markupStart = 0;
  /** The `>` of the tag being reported, for `line`. */
  private tagEnd = 0;
  /**
   * Attributes of the tag being reported, four positions each (name start
   * and end, value start and end): a value is made a string only when the
   * handler asks for it.
   */
  private readonly attributeBounds: number[] = [];
  private readonly attributeRaw: boolean[] = [];
  /** The name of an attribute as a string when known (the fast path's `name`), else undefined: positions only. */
  private readonly attributeNames: (string | undefined)[] = [];
  private attributeCount = 0;
  /** Element names seen: a repeated one is the same internalized string, that the handler compares by pointer. */
  private readonly interned = new Map<string, string>();
  /**
   * The last child element names seen at each depth (the most recent first,
   * GUESSES of them): the next child's name is most often one of them, found
   * with a comparison or two, where reading a name costs more.
   */
  private readonly recentChildren: string[][] = [];
  /** Set by `reference`, to return a position alone. */
  private referenceValue = '';
  /** Set by `attributeValue`: the value holds a reference or literal whitespace to normalise. */
  private valueRaw = false;

  constructor(private readonly handler: XmlHandler) {}

  get line(): number {
    return this.lineAt(this.tagEnd + 1);
  }

  /** The line the input read so far ends on (where saxes stood when the next bytes could not be decoded). */
  get endLine(): number {
    return this.lineAt(this.buf.length);
  }

  /** Throws for a forbidden character in the text written but not read yet: saxes had met it, before anything after. */
  checkUnread(): void {
    const forbidden = this.firstForbidden(this.pos, this.buf.length);
    if (forbidden >= 0) {
      this.markupStart = this.pos;
      throw this.error('disallowed character.', forbidden);
    }
  }

  attribute(name: string): string | undefined {
    const bounds = this.attributeBounds;
    for (let a = 0; a < this.attributeCount; a++) {
      const start = bounds[4 * a]!;
      const end = bounds[4 * a + 1]!;
      const known = this.attributeNames[a];
      if (known !== undefined ? known === name : end - start === name.length && this.buf.slice(start, end) === name) {
        const valueStart = bounds[4 * a + 2]!;
        const valueEnd = bounds[4 * a + 3]!;
        return this.attributeRaw[a] ? this.decodeValue(valueStart, valueEnd) : this.buf.slice(valueStart, valueEnd);
      }
    }
    return undefined;
  }

  /** Scans as far as the text written so far allows. */
  write(chunk: string): void {
    if (this.pendingCR) {
      chunk = `\r${chunk}`;
      this.pendingCR = false;
    }
    if (chunk.length === 0) return;
    if (chunk.charCodeAt(chunk.length - 1) === CR) {
      this.pendingCR = true;
      chunk = chunk.slice(0, -1);
    }
    // XML end-of-line handling: the rest of the scanner sees LF only.
    if (chunk.includes('\r')) chunk = chunk.replace(/\r\n?/g, '\n');
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.append(chunk);
    this.scan(false);
    // Only a tag (or the DOCTYPE) can be left unread, and it is read again from its `<` at each write: bounded, so that a
    // missing quote cannot make the scanner keep, and read again and again, the rest of the file.
    if (this.buf.length - this.pos > MARKUP_MAX) {
      const forbidden = this.firstForbidden(this.pos, this.buf.length);
      this.markupStart = this.pos;
      throw forbidden >= 0 ? this.error('disallowed character.', forbidden) : this.error(`unclosed markup longer than ${MARKUP_MAX >> 20} MiB.`, this.pos);
    }
  }

  /** The input is complete: scans the rest and checks the document ended. */
  end(): void {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.append('\n');
    }
    this.scan(true);
    this.checkUnread();
    const eof = this.buf.length;
    if (!this.sawRoot) throw this.error('no root element', eof);
    if (this.stack.length > 0) throw this.error(`unclosed tag: ${this.stack[this.stack.length - 1]}`, eof);
    if (this.pos < eof || this.inside !== OUTSIDE) throw this.error('unexpected end.', eof);
  }

  private append(chunk: string): void {
    const length = this.buf.length;
    const shift = this.pos;
    if (shift > 0) this.lineAt(shift); // the newlines of the consumed text are counted before it goes
    // join() builds a flat string, where `+` would make a rope that every charCodeAt has to walk.
    this.buf = this.buf.length === shift ? chunk : [shift > 0 ? this.buf.slice(shift) : this.buf, chunk].join('');
    this.origin += shift;
    this.pos = 0;
    this.lineCursor -= shift;
    this.nextNewline = this.nextNewline >= 0 && this.nextNewline < length ? this.nextNewline - shift : UNKNOWN;
    this.nextAmp = UNKNOWN;
    this.nextCdataEnd = UNKNOWN;
    this.nextTab = UNKNOWN;
  }

  private scan(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    const stack = this.stack;
    let i = this.pos;
    if (this.inside !== OUTSIDE) {
      this.markupStart = i;
      i = this.insideMarkup(i);
      if (this.inside !== OUTSIDE) {
        this.pos = i;
        return;
      }
    }
    while (i < n) {
      // Tags follow each other, or are apart by a little indentation: no search then.
      let lt = i;
      let spaces = true;
      for (let c = s.charCodeAt(lt); c !== LT; c = s.charCodeAt(++lt)) {
        if (c !== NL && c !== SPACE) {
          lt = s.indexOf('<', lt);
          spaces = false;
          break;
        }
      }
      if (lt < 0) {
        i = this.partialText(i, final);
        break;
      }
      if (lt > i) this.text(i, lt, spaces);
      this.markupStart = lt;
      let next: number;
      const c = s.charCodeAt(lt + 1);
      if (c === SLASH) {
        // The close tag of the open element, without spaces: the usual case, checked here.
        const top = stack[stack.length - 1];
        const gt = top === undefined ? n : lt + 2 + top.length;
        next = gt < n && s.charCodeAt(gt) === GT && s.slice(lt + 2, gt) === top ? this.closeElement(gt) : this.closeTag(lt);
      } else if (c === LOWER_A && s.charCodeAt(lt + 5) === SPACE && stack.length > 0 && (next = this.attrElements(lt)) >= 0) {
        // AAF's usual element, read in one step (inside the root: the root's own checks are startTag's).
      } else if (c < 128 && (ASCII_NAME[c]! & NAME_START) !== 0) {
        next = this.startTag(lt);
      } else {
        next = this.markup(lt);
        // A comment, CDATA or PI that goes on in the next write.
        if (this.inside !== OUTSIDE) {
          i = next;
          break;
        }
      }
      if (next < 0) {
        i = lt;
        break;
      }
      i = next;
    }
    this.pos = i;
  }

  /** Text with no `<` after it yet: scans what cannot change with more input, keeps the rest. */
  private partialText(i: number, final: boolean): number {
    const n = this.buf.length;
    this.markupStart = i;
    if (this.stack.length === 0) {
      this.outsideText(i, n);
      return n;
    }
    if (final) return this.text(i, n, false);
    // A "]]>" may straddle the end, or a reference be cut (one begun by a last `&` with no `;` after it):
    // those characters wait for the next write.
    let cut = n - 2;
    if ((this.nextAmp >= i ? this.nextAmp : this.findAmp(i)) < cut) {
      const amp = this.buf.lastIndexOf('&', n - 1);
      if (amp >= i && amp < cut && amp > n - REFERENCE_MAX && this.buf.indexOf(';', amp) < 0) cut = amp;
    }
    return cut > i ? this.text(i, cut, false) : i;
  }

  /**
   * Character data in [i, end): checked, and decoded for the handler when
   * it captures. Returns where it stopped. `spaces`: only spaces and line
   * feeds in it, already seen.
   */
  private text(i: number, end: number, spaces: boolean): number {
    this.markupStart = i;
    if (this.stack.length === 0) {
      this.outsideText(i, end);
      return end;
    }
    if (!spaces) {
      const forbidden = this.firstForbidden(i, end);
      if (forbidden >= 0) {
        // What comes before it first (an error in it, or text for the handler), then the character.
        this.text(i, forbidden, true);
        throw this.error('disallowed character.', forbidden);
      }
    }
    const s = this.buf;
    let amp = this.nextAmp >= i ? this.nextAmp : this.findAmp(i);
    let cdataEnd = this.nextCdataEnd >= i ? this.nextCdataEnd : this.findCdataEnd(i);
    if (amp >= end) {
      if (cdataEnd < end) throw this.error('the string "]]>" is disallowed in char data.', cdataEnd + 2);
      if (this.handler.capturing) this.handler.text(s.slice(i, end));
      return end;
    }
    let decoded = '';
    let from = i;
    while (amp < end) {
      if (cdataEnd < amp) throw this.error('the string "]]>" is disallowed in char data.', cdataEnd + 2);
      const next = this.reference(amp);
      if (next < 0) {
        // The input ends inside a reference: end() reports it.
        if (this.handler.capturing) this.handler.text(decoded + s.slice(from, amp));
        return amp;
      }
      decoded += s.slice(from, amp) + this.referenceValue;
      from = next;
      // A reference that began before the end of a partial text is read whole.
      if (next > end) end = next;
      amp = this.findAmp(next);
      if (cdataEnd < next) cdataEnd = this.findCdataEnd(next);
    }
    if (cdataEnd < end) throw this.error('the string "]]>" is disallowed in char data.', cdataEnd + 2);
    if (this.handler.capturing) this.handler.text(decoded + s.slice(from, end));
    return end;
  }

  private findAmp(i: number): number {
    const found = this.buf.indexOf('&', i);
    return (this.nextAmp = found < 0 ? NONE : found);
  }

  private findTab(i: number): number {
    const found = this.buf.indexOf('\t', i);
    return (this.nextTab = found < 0 ? NONE : found);
  }

  /** The first newline at or after `i`; lines before `i` are counted on the way (they have to be, once). */
  private newlineFrom(i: number): number {
    if (i < this.lineCursor) return this.findNewline(i);
    this.lineAt(i);
    return this.nextNewline;
  }

  private findCdataEnd(i: number): number {
    const found = this.buf.indexOf(']]>', i);
    return (this.nextCdataEnd = found < 0 ? NONE : found);
  }

  /** Before and after the root element: whitespace only. */
  private outsideText(i: number, end: number): void {
    const s = this.buf;
    for (let k = i; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c !== SPACE && c !== NL && c !== TAB) throw this.error('text data outside of root node.', k);
    }
  }

  /** The markup starting at `lt`: returns the position after it, or -1 when it is incomplete. */
  private markup(lt: number): number {
    const s = this.buf;
    if (lt + 1 >= s.length) return -1;
    const c = s.charCodeAt(lt + 1);
    if (c === SLASH) return this.closeTag(lt);
    if (c < 128 ? ASCII_NAME[c]! & NAME_START : isNameStartCode(s.codePointAt(lt + 1)!)) return this.startTag(lt);
    if (c === BANG) return this.bang(lt);
    if (c === QUESTION) return this.processingInstruction(lt);
    throw this.error('disallowed character in tag name', lt + 1);
  }

  /** End of the XML name starting at `j` (the buffer's length when the name may go on). */
  private nameEnd(j: number): number {
    const s = this.buf;
    const n = s.length;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c < 128) {
        if ((ASCII_NAME[c]! & NAME_CHAR) === 0) return j;
        j++;
      } else if (c >= 0xd800 && c <= 0xdbff) {
        if (!isNameCode(s.codePointAt(j)!)) return j;
        j += 2;
      } else {
        if (!isNameCode(c)) return j;
        j++;
      }
    }
    return n;
  }

  /** The characters in [start, end) as the string they made the previous times. */
  private intern(start: number, end: number): string {
    const text = this.buf.slice(start, end);
    if (end - start > INTERNED_LENGTH) return text;
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size >= INTERNED_MAX) return text;
    const name = internalize(text);
    this.interned.set(name, name);
    return name;
  }

  /** Whether `c`, the character at `j` of `s`, may be part of a name (false past the end). */
  private isNameCode(s: string, j: number, c: number): boolean {
    return c < 128 ? (ASCII_NAME[c]! & NAME_CHAR) !== 0 : c === c && isNameCode(s.codePointAt(j)!);
  }

  private isNameStartAt(j: number): boolean {
    const c = this.buf.charCodeAt(j);
    return c < 128 ? (ASCII_NAME[c]! & NAME_START) !== 0 : isNameStartCode(this.buf.codePointAt(j)!);
  }

  private skipSpaces(j: number): number {
    const s = this.buf;
    const n = s.length;
    while (j < n && isSpace(s.charCodeAt(j))) j++;
    return j;
  }

  private startTag(lt: number): number {
    const s = this.buf;
    const n = s.length;
    const depth = this.stack.length;
    const recent = this.recentChildren[depth] ?? (this.recentChildren[depth] = []);
    let name: string | undefined;
    let j = 0;
    let c = 0;
    for (let k = 0; k < recent.length; k++) {
      const guess = recent[k]!;
      j = lt + 1 + guess.length;
      if (s.slice(lt + 1, j) === guess && !this.isNameCode(s, j, (c = s.charCodeAt(j)))) {
        if (j >= n) return -1;
        name = guess;
        break;
      }
    }
    if (name === undefined) {
      j = this.nameEnd(lt + 1);
      if (j >= n) return -1;
      name = this.intern(lt + 1, j);
      c = s.charCodeAt(j);
      // Most recent first: the usual run of one name is then found at once.
      if (recent.length === GUESSES) recent.pop();
      recent.unshift(name);
    }
    this.sawRoot = true;
    if (this.closedRoot) throw this.error('documents may contain only one root.', j);
    this.attributeCount = 0;
    if (c === GT) return this.openElement(name, j, false);
    if (c !== SLASH && !isSpace(c)) throw this.error('disallowed character in tag name.', j);
    // Each turn starts on a `/` or a space: attributes, `/>` or `>` follow.
    for (;;) {
      if (c === SLASH) {
        if (j + 1 >= n) return -1;
        if (s.charCodeAt(j + 1) !== GT) throw this.error('forward-slash in opening tag not followed by >.', j + 1);
        return this.openElement(name, j + 1, true);
      }
      do c = s.charCodeAt(++j);
      while (isSpace(c));
      if (j >= n) return -1;
      if (c === GT) return this.openElement(name, j, false);
      if (c === SLASH) continue;
      if (c < 128 ? (ASCII_NAME[c]! & NAME_START) === 0 : !isNameStartCode(s.codePointAt(j)!)) {
        throw this.error('disallowed character in attribute name.', j);
      }
      const nameStart = j;
      j = this.nameEnd(c >= 0xd800 && c <= 0xdbff ? j + 2 : j + 1);
      if (j >= n) return -1;
      const nameEnd = j;
      c = s.charCodeAt(j);
      if (c !== EQUAL) {
        if (c === GT) throw this.error('attribute without value.', j);
        if (!isSpace(c)) throw this.error('disallowed character in attribute name.', j);
        j = this.skipSpaces(j + 1);
        if (j >= n) return -1;
        if (s.charCodeAt(j) !== EQUAL) throw this.error('attribute without value.', j);
      }
      do c = s.charCodeAt(++j);
      while (isSpace(c));
      if (j >= n) return -1;
      if (c !== DQUOTE && c !== SQUOTE) throw this.error('unquoted attribute value.', j);
      const valueStart = j + 1;
      j = this.attributeValue(valueStart, c);
      if (j < 0) return -1;
      const a = this.attributeCount++;
      const bounds = this.attributeBounds;
      bounds[4 * a] = nameStart;
      bounds[4 * a + 1] = nameEnd;
      bounds[4 * a + 2] = valueStart;
      bounds[4 * a + 3] = j;
      this.attributeRaw[a] = this.valueRaw;
      this.attributeNames[a] = undefined;
      c = s.charCodeAt(++j);
      if (j >= n) return -1;
      if (c === GT) return this.openElement(name, j, false);
      if (c === SLASH || isSpace(c)) continue;
      if (this.isNameStartAt(j)) throw this.error('no whitespace between attributes.', j);
      throw this.error('disallowed character in attribute name.', j);
    }
  }

  /** Checks a quoted value from `v`: returns the position of the closing quote, or -1. */
  private attributeValue(v: number, quote: number): number {
    // Usually nothing in it to check character by character: no `<`, `&`, newline or tab before the closing quote.
    const s = this.buf;
    const close = s.indexOf(quote === DQUOTE ? '"' : "'", v);
    const lt = s.indexOf('<', v);
    if (
      close >= 0 &&
      (lt < 0 || lt > close) &&
      (this.nextAmp >= v ? this.nextAmp : this.findAmp(v)) > close &&
      (this.nextTab >= v ? this.nextTab : this.findTab(v)) > close &&
      this.newlineFrom(v) > close &&
      this.firstForbidden(v, close) < 0
    ) {
      this.valueRaw = false;
      return close;
    }
    return this.attributeValueByCharacter(v, quote);
  }

  private attributeValueByCharacter(v: number, quote: number): number {
    const s = this.buf;
    const n = s.length;
    let raw = false;
    for (;;) {
      if (v >= n) return -1;
      const c = s.charCodeAt(v);
      if (c === quote) break;
      if (c === LT || isForbidden(c)) throw this.error('disallowed character.', v);
      if (c === AMP) {
        raw = true;
        v = this.reference(v);
        if (v < 0) return -1;
        continue;
      }
      if (c === NL || c === TAB) raw = true;
      v++;
    }
    this.valueRaw = raw;
    return v;
  }

  /** The value checked by `attributeValue`: references decoded, literal whitespace normalised to spaces (XML 1.0 §3.3.3). */
  private decodeValue(start: number, end: number): string {
    const s = this.buf;
    let value = '';
    let from = start;
    for (let v = start; v < end; ) {
      const c = s.charCodeAt(v);
      if (c === AMP) {
        const next = this.reference(v);
        value += s.slice(from, v) + this.referenceValue;
        from = v = next;
      } else {
        if (c === NL || c === TAB) {
          value += `${s.slice(from, v)} `;
          from = v + 1;
        }
        v++;
      }
    }
    return value + s.slice(from, end);
  }

  /** `&…;` at `amp`: returns the position after it (value in `referenceValue`), or -1 when the input ends inside it. */
  private reference(amp: number): number {
    const s = this.buf;
    const n = s.length;
    let j = amp + 1;
    if (j >= n) return -1;
    let c = s.charCodeAt(j);
    if (c === SEMICOLON) throw this.error('empty entity name.', j);
    if (c === HASH) {
      j++;
      if (j >= n) return -1;
      const hex = s.charCodeAt(j) === LOWER_X;
      if (hex) j++;
      let code = 0;
      let digits = 0;
      for (;; j++) {
        if (j >= n) return -1;
        c = s.charCodeAt(j);
        if (c === SEMICOLON) break;
        const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : hex && c >= 0x61 && c <= 0x66 ? c - 0x57 : hex && c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
        if (digit < 0) throw this.error('malformed character entity.', j);
        code = Math.min(code * (hex ? 16 : 10) + digit, 0x110000);
        digits++;
      }
      if (digits === 0 || !isXmlChar(code)) throw this.error('malformed character entity.', j);
      this.referenceValue = String.fromCodePoint(code);
      return j + 1;
    }
    if (!this.isNameStartAt(j)) throw this.error('disallowed character in entity name.', j);
    const end = this.nameEnd(j);
    if (end >= n) return -1;
    if (s.charCodeAt(end) !== SEMICOLON) throw this.error('disallowed character in entity name.', end);
    const value = predefinedEntity(s.slice(j, end));
    if (value === undefined) throw this.error('undefined entity.', end);
    this.referenceValue = value;
    return end + 1;
  }

  private openElement(name: string, gt: number, selfClosing: boolean): number {
    if (this.attributeCount > 1) this.checkDuplicates(gt);
    this.tagEnd = gt;
    this.stack.push(name);
    this.handler.open(name, this);
    if (selfClosing) {
      this.stack.pop();
      this.handler.close(name);
      if (this.stack.length === 0) this.closedRoot = true;
    }
    return gt + 1;
  }

  private checkDuplicates(gt: number): void {
    const bounds = this.attributeBounds;
    const nameOf = (a: number) => this.buf.slice(bounds[4 * a], bounds[4 * a + 1]);
    for (let a = 1; a < this.attributeCount; a++) {
      const name = nameOf(a);
      for (let b = 0; b < a; b++) if (nameOf(b) === name) throw this.error(`duplicate attribute: ${name}.`, gt);
    }
  }

  private closeTag(lt: number): number {
    const s = this.buf;
    const n = s.length;
    const j = lt + 2;
    const depth = this.stack.length;
    let k = this.nameEnd(j);
    if (k >= n) return -1;
    const name = s.slice(j, k);
    if (s.charCodeAt(k) !== GT) {
      if (!isSpace(s.charCodeAt(k))) throw this.error('disallowed character in closing tag.', k);
      k = this.skipSpaces(k + 1);
      if (k >= n) return -1;
      if (s.charCodeAt(k) !== GT) throw this.error('disallowed character in closing tag.', k);
    }
    if (name === '') throw this.error('weird empty close tag.', k);
    if (depth === 0) throw this.error(`unmatched closing tag: ${name}.`, k);
    const top = this.stack[depth - 1];
    this.closeElement(k);
    if (top !== name) throw this.error('unexpected close tag.', k);
    return k + 1;
  }

  /**
   * `<attr name="…"><value>…</value>…</attr>` at `lt`, AAF's usual element,
   * and the ones after it with only whitespace between: each is matched
   * with one regular expression (native code) where `startTag` and
   * `closeTag` would read it character by character, then reported with the
   * same events. Returns where that form ends, for the general path to go
   * on; -1 when the element at `lt` is not in that form.
   */
  private attrElements(lt: number): number {
    const s = this.buf;
    const stack = this.stack;
    const handler = this.handler;
    const bounds = this.attributeBounds;
    let i = lt;
    for (;;) {
      ATTR_ELEMENT.lastIndex = i;
      const match = ATTR_ELEMENT.exec(s);
      if (match === null) return i === lt ? -1 : i;
      const end = ATTR_ELEMENT.lastIndex;
      const close = end - 7; // `</attr>`
      const single = match[2];
      const values = single !== undefined ? close - 15 - single.length : close - match[3]!.length;
      if (this.hasCdataEnd(values, close)) return i === lt ? -1 : i;
      const open = i + match[1]!.length;
      if (handler.attr?.(s.slice(open + 12, values - 2), single !== undefined ? [single] : this.valueTexts(values, close))) {
        i = end;
        continue;
      }
      this.attributeCount = 1;
      bounds[0] = open + 6;
      bounds[1] = open + 10;
      bounds[2] = open + 12;
      bounds[3] = values - 2;
      this.attributeRaw[0] = false;
      this.attributeNames[0] = 'name';
      this.tagEnd = values - 1;
      stack.push('attr');
      handler.open('attr', this);
      this.attributeCount = 0;
      if (single !== undefined) {
        stack.push('value');
        this.tagEnd = values + 6;
        handler.open('value', this);
        if (single.length > 0 && handler.capturing) handler.text(single);
        this.tagEnd = close - 1;
        stack.pop();
        handler.close('value');
      }
      for (let v = single !== undefined ? close : values; v < close; ) {
        stack.push('value');
        if (s.charCodeAt(v + 6) === SLASH) {
          // <value/>
          this.tagEnd = v + 7;
          handler.open('value', this);
          v += 8;
        } else {
          const textStart = v + 7;
          const textEnd = s.indexOf('<', textStart);
          this.tagEnd = v + 6;
          handler.open('value', this);
          if (textEnd > textStart && handler.capturing) handler.text(s.slice(textStart, textEnd));
          this.tagEnd = textEnd + 7;
          v = textEnd + 8;
        }
        stack.pop();
        handler.close('value');
      }
      this.tagEnd = end - 1;
      stack.pop();
      handler.close('attr');
      i = end;
      // The whitespace to the next element is text, for a handler that would capture it.
      if (handler.capturing) return i;
    }
  }

  /** The texts of the `<value>…</value>` and `<value/>` in [start, end), matched by ATTR_ELEMENT. */
  private valueTexts(start: number, end: number): string[] {
    const s = this.buf;
    const texts: string[] = [];
    for (let v = start; v < end; ) {
      if (s.charCodeAt(v + 6) === SLASH) {
        texts.push('');
        v += 8;
      } else {
        const textEnd = s.indexOf('<', v + 7);
        texts.push(s.slice(v + 7, textEnd));
        v = textEnd + 8;
      }
    }
    return texts;
  }

  /** Whether "]]>" starts in [start, end - 2), for text that has no `<` (it ends by `end`). */
  private hasCdataEnd(start: number, end: number): boolean {
    return (this.nextCdataEnd >= start ? this.nextCdataEnd : this.findCdataEnd(start)) < end - 2;
  }

  private closeElement(gt: number): number {
    const name = this.stack.pop()!;
    this.tagEnd = gt;
    this.handler.close(name);
    if (this.stack.length === 0) this.closedRoot = true;
    return gt + 1;
  }

  /** `<!`: a comment, CDATA or the DOCTYPE. */
  private bang(lt: number): number {
    const s = this.buf;
    if (s.startsWith('--', lt + 2)) return this.comment(lt);
    // As saxes: the seven characters after `<!` decide.
    if (lt + 9 > s.length) return -1;
    const keyword = s.slice(lt + 2, lt + 9);
    if (keyword === '[CDATA[') return this.cdata(lt);
    if (keyword === 'DOCTYPE') return this.doctype(lt);
    throw this.error('incorrect syntax.', lt + 8);
  }

  private comment(lt: number): number {
    this.inside = IN_COMMENT;
    return this.insideMarkup(lt + 4);
  }

  private cdata(lt: number): number {
    if (this.stack.length === 0) throw this.error('text data outside of root node.', lt + 8);
    this.inside = IN_CDATA;
    return this.insideMarkup(lt + 9);
  }

  /**
   * The content of the comment, CDATA or PI begun (`inside`) from `i`: up to
   * its end, which resets `inside`, or up to the end of the text written so
   * far but the characters that may begin its end.
   */
  private insideMarkup(i: number): number {
    const s = this.buf;
    const n = s.length;
    if (this.inside === IN_COMMENT) {
      const dashes = s.indexOf('--', i);
      if (dashes < 0) return this.content(i, Math.max(i, n - 1));
      if (dashes + 2 >= n) return this.content(i, dashes);
      this.content(i, dashes + 3);
      if (s.charCodeAt(dashes + 2) !== GT) throw this.error('malformed comment.', dashes + 2);
      this.inside = OUTSIDE;
      return dashes + 3;
    }
    if (this.inside === IN_CDATA) {
      const end = s.indexOf(']]>', i);
      const stop = this.content(i, end < 0 ? Math.max(i, n - 2) : end);
      if (stop > i && this.handler.capturing) this.handler.text(s.slice(i, stop));
      if (end < 0) return stop;
      this.inside = OUTSIDE;
      return end + 3;
    }
    const end = s.indexOf('?>', i);
    if (end < 0) return this.content(i, Math.max(i, n - 1));
    this.content(i, end);
    if (this.piTarget.toLowerCase() === 'xml') throw this.error('the XML declaration must appear at the start of the document.', end + 1);
    this.inside = OUTSIDE;
    return end + 2;
  }

  /** Content read without looking at each character, [i, end): returns `end` when no character in it is forbidden. */
  private content(i: number, end: number): number {
    const forbidden = this.firstForbidden(i, end);
    if (forbidden >= 0) throw this.error('disallowed character.', forbidden);
    return end;
  }

  /** The first forbidden character in [start, end), or -1: a search in a slice, not beyond `end`. */
  private firstForbidden(start: number, end: number): number {
    if (end <= start) return -1;
    const found = this.buf.slice(start, end).search(FORBIDDEN_CHARS);
    return found < 0 ? -1 : start + found;
  }

  /** `<!DOCTYPE …>`: checked as saxes did (quotes, and an internal subset skipped with its comments and PIs). */
  private doctype(lt: number): number {
    const s = this.buf;
    const n = s.length;
    if (this.sawDoctype || this.sawRoot) throw this.error('inappropriately located doctype declaration.', lt + 8);
    let j = lt + 9;
    for (;;) {
      if (j >= n) return -1;
      const c = s.charCodeAt(j);
      if (c === GT) {
        this.sawDoctype = true;
        return this.content(lt, j + 1);
      }
      if (c === DQUOTE || c === SQUOTE) {
        const close = s.indexOf(c === DQUOTE ? '"' : "'", j + 1);
        if (close < 0) return -1;
        j = close + 1;
      } else if (c === OPEN_BRACKET) {
        j = this.internalSubset(j + 1);
        if (j < 0) return -1;
      } else {
        j++;
      }
    }
  }

  /** Returns the position after the `]` that closes the subset, or -1. */
  private internalSubset(j: number): number {
    const s = this.buf;
    const n = s.length;
    for (;;) {
      if (j >= n) return -1;
      const c = s.charCodeAt(j);
      if (c === CLOSE_BRACKET) return j + 1;
      if (c === DQUOTE || c === SQUOTE) {
        const close = s.indexOf(c === DQUOTE ? '"' : "'", j + 1);
        if (close < 0) return -1;
        j = close + 1;
      } else if (c === LT) {
        if (j + 3 >= n) return -1;
        const next = s.charCodeAt(j + 1);
        if (next === QUESTION) {
          // saxes ends a PI of the subset at the first `>` after a `?`.
          const question = s.indexOf('?', j + 2);
          const gt = question < 0 ? -1 : s.indexOf('>', question + 1);
          if (gt < 0) return -1;
          j = gt + 1;
        } else if (next === BANG && s.charCodeAt(j + 2) === MINUS && s.charCodeAt(j + 3) === MINUS) {
          const dashes = s.indexOf('--', j + 4);
          if (dashes < 0 || dashes + 2 >= n) return -1;
          if (s.charCodeAt(dashes + 2) !== GT) throw this.error('malformed comment.', dashes + 2);
          j = dashes + 3;
        } else {
          // A declaration: its first characters are not markup, as in saxes.
          j += next === BANG ? (s.charCodeAt(j + 2) === MINUS ? 4 : 3) : 2;
        }
      } else {
        j++;
      }
    }
  }

  private processingInstruction(lt: number): number {
    const s = this.buf;
    const n = s.length;
    const j = lt + 2;
    if (j >= n) return -1;
    if (!this.isNameStartAt(j)) {
      const c = s.charCodeAt(j);
      throw this.error(c === QUESTION || isSpace(c) ? 'processing instruction without a target.' : 'disallowed character in processing instruction name.', j);
    }
    const k = this.nameEnd(j);
    if (k >= n) return -1;
    const after = s.charCodeAt(k);
    if (after !== QUESTION && !isSpace(after)) throw this.error('disallowed character in processing instruction name.', k);
    const target = s.slice(j, k);
    if (target === 'xml') {
      if (this.origin + lt !== 0) throw this.error('an XML declaration must be at the start of the document.', k);
      return this.xmlDeclaration(k);
    }
    this.piTarget = target;
    this.inside = IN_PI;
    return this.insideMarkup(k);
  }

  /** `<?xml version="1.0" encoding="…" standalone="…"?>` from the character after `xml`: saxes's checks, at the same characters. */
  private xmlDeclaration(k: number): number {
    const s = this.buf;
    const n = s.length;
    let expects = ['version'];
    let j = k;
    if (s.charCodeAt(j) !== QUESTION) {
      j++;
      for (;;) {
        j = this.skipSpaces(j);
        if (j >= n) return -1;
        if (s.charCodeAt(j) === QUESTION) break;
        const nameStart = j;
        for (j++; ; j++) {
          if (j >= n) return -1;
          const c = s.charCodeAt(j);
          if (c === EQUAL || c === QUESTION || isSpace(c)) break;
        }
        if (s.charCodeAt(j) === QUESTION) throw this.error('XML declaration is incomplete.', j);
        const name = s.slice(nameStart, j);
        if (!expects.includes(name)) {
          throw this.error(expects.length === 0 ? 'did not expect any more name/value pairs.' : `expected one of ${expects.join(', ')}.`, j);
        }
        if (s.charCodeAt(j) !== EQUAL) {
          j = this.skipSpaces(j);
          if (j >= n) return -1;
          if (s.charCodeAt(j) === QUESTION) throw this.error('XML declaration is incomplete.', j);
          if (s.charCodeAt(j) !== EQUAL) throw this.error('value required.', j);
        }
        j = this.skipSpaces(j + 1);
        if (j >= n) return -1;
        const quote = s.charCodeAt(j);
        if (quote === QUESTION) throw this.error('XML declaration is incomplete.', j);
        if (quote !== DQUOTE && quote !== SQUOTE) throw this.error('value must be quoted.', j);
        const valueStart = j + 1;
        for (j = valueStart; ; j++) {
          if (j >= n) return -1;
          const c = s.charCodeAt(j);
          if (c === quote) break;
          if (c === QUESTION) throw this.error('XML declaration is incomplete.', j);
        }
        const value = s.slice(valueStart, j);
        if (name === 'version') {
          if (!/^1\.[0-9]+$/.test(value)) throw this.error('version number must match /^1\\.[0-9]+$/.', j);
          expects = ['encoding', 'standalone'];
        } else if (name === 'encoding') {
          if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) throw this.error('encoding value must match /^[A-Za-z][A-Za-z0-9._-]*$/.', j);
          expects = ['standalone'];
        } else {
          if (value !== 'yes' && value !== 'no') throw this.error('standalone value must match "yes" or "no".', j);
          expects = [];
        }
        j++;
        if (j >= n) return -1;
        const c = s.charCodeAt(j);
        if (c === QUESTION) break;
        if (!isSpace(c)) throw this.error('whitespace required.', j);
      }
    }
    if (j + 1 >= n) return -1;
    if (s.charCodeAt(j + 1) !== GT) throw this.error('The character ? is disallowed anywhere in XML declarations.', j + 1);
    if (expects.includes('version')) throw this.error('XML declaration must contain a version.', j + 1);
    return j + 2;
  }

  /** Line of the character at `at` (saxes's: a newline there counts), or of the end of input. */
  private error(message: string, at: number): XmlSyntaxError {
    // A forbidden character in the markup up to here is where saxes failed (it checked every character it read).
    const forbidden = this.firstForbidden(this.markupStart, Math.min(at + 1, this.buf.length));
    if (forbidden >= 0) {
      message = 'disallowed character.';
      at = forbidden;
    }
    return new XmlSyntaxError(message, this.lineAt(Math.min(at + 1, this.buf.length)));
  }

  /** 1 + the number of newlines before position `p` of the buffer. */
  private lineAt(p: number): number {
    const s = this.buf;
    if (p < this.lineCursor) {
      // Behind the cursor (not on the scanner's paths): count back without moving it.
      let count = this.lineCount;
      for (let k = s.lastIndexOf('\n', this.lineCursor - 1); k >= p; k = s.lastIndexOf('\n', k - 1)) count--;
      return count + 1;
    }
    let next = this.nextNewline >= 0 ? this.nextNewline : this.findNewline(this.lineCursor);
    let count = this.lineCount;
    while (next < p) {
      count++;
      next = this.findNewline(next + 1);
    }
    this.lineCount = count;
    this.lineCursor = p;
    this.nextNewline = next;
    return count + 1;
  }

  private findNewline(i: number): number {
    const found = this.buf.indexOf('\n', i);
    return found < 0 ? NONE : found;
  }
}

function predefinedEntity(name: string): string | undefined {
  switch (name) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return undefined;
  }
}
