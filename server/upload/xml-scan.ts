// A scanner written for the XML of an .xlsx file's large parts (worksheets, shared strings),
// used by read-xlsx.ts.
//
// saxes builds a tag object, an attribute object and several strings for every element, and
// checks every character against the XML grammar: reading the 100,000-row bench file took as
// long as exceljs' own streaming reader (1.2 s). This scanner finds markup with indexOf, reads
// only the attributes a handler asks about (as positions in the text, no strings), and makes
// strings only of the text a handler keeps: about a quarter of that time.
// It reads what saxes reads the way saxes reads it (the five predefined entities and character
// references, comments, processing instructions, CDATA sections ignored as exceljs ignores them,
// a doctype skipped, line ends normalised), and refuses what saxes refused that a broken file
// shows: unbalanced or mismatched tags, a second root, text outside the root, a bad entity, a
// malformed tag. It does not check every character is allowed in XML.
import { refusals } from './messages';
import { UploadRefusal } from './refusal';

/** The refusal for a part that is not the XML it should be. */
export const unreadable = () => new UploadRefusal('unreadable_xlsx', refusals.unreadableXlsx());

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const COLON = 58;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/** What a scanner reports to; element kinds are the handler's own numbers, 0 for "ignored". */
export interface XmlHandler {
  /** The kind of an element from its local name, s[from, to). */
  kind(s: string, from: number, to: number): number;
  /** An attribute of an element of a kind other than 0: name s[name, nameEnd), value s[value, valueEnd). */
  attribute(kind: number, s: string, name: number, nameEnd: number, value: number, valueEnd: number): void;
  /** After the element's attributes; a self-closing element is closed right after. */
  open(kind: number): void;
  close(kind: number): void;
  /** Whether text read now is wanted (`text` is only called then). */
  capturing: boolean;
  text(t: string): void;
  /** Set by the handler to stop reading. */
  stopped: boolean;
}

// A Map, not an object literal: `&constructor;` must not find Object.prototype.constructor.
const ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** XML 1.0 Char, as saxes checks a character reference. */
const isXmlChar = (c: number) =>
  c === 9 ||
  c === 10 ||
  c === 13 ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

/** Text or an attribute value with its entity and character references replaced. */
function unescapeXml(t: string): string {
  let out = '';
  let from = 0;
  for (let amp = t.indexOf('&'); amp >= 0; amp = t.indexOf('&', from)) {
    const semi = t.indexOf(';', amp + 1);
    if (semi < 0) throw unreadable();
    const name = t.slice(amp + 1, semi);
    let ch = ENTITIES.get(name);
    if (ch === undefined) {
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
      const code = m ? Number.parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN;
      if (!isXmlChar(code)) throw unreadable();
      ch = String.fromCodePoint(code);
    }
    out += t.slice(from, amp) + ch;
    from = semi + 1;
  }
  return out + t.slice(from);
}

/** An attribute's value as a string (only for values the fast paths below do not read). */
export function valueAt(s: string, from: number, to: number): string {
  const v = s.slice(from, to);
  return v.includes('&') ? unescapeXml(v) : v;
}

export class XmlScanner {
  /**
   * Qualified names and kinds of the open elements, by depth. A name is kept past its element's
   * end: the next element at that depth is most often its sibling of the same name, and takes the
   * same string instead of a new one.
   */
  private readonly names: string[] = [];
  private readonly kinds: number[] = [];
  private depth = 0;
  private rooted = false;
  /** Positions of the current tag's attributes, four numbers each (reused, not reallocated). */
  private readonly attributes: number[] = [];

  constructor(private readonly handler: XmlHandler) {}

  /**
   * Reads `s` from its start and returns where an unfinished construct begins (s.length when
   * none): the caller passes that rest again with the next text. `last`: no text follows.
   */
  scan(s: string, last: boolean): number {
    const h = this.handler;
    const n = s.length;
    let pos = 0;
    while (pos < n && !h.stopped) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text may go on in the next piece: it is read once whole.
        if (!last) return pos;
        this.text(s, pos, n);
        return n;
      }
      if (lt > pos) this.text(s, pos, lt);
      const next = this.markup(s, lt);
      if (next < 0) {
        if (last) throw unreadable();
        return lt;
      }
      pos = next;
    }
    return n;
  }

  /** The document has ended: every element closed. */
  finish() {
    if (!this.handler.stopped && (!this.rooted || this.depth > 0)) throw unreadable();
  }

  private text(s: string, from: number, to: number) {
    if (this.depth === 0) {
      // Outside the root only white space (and a byte order mark at the start) may stand.
      if (/[^ \t\r\n\ufeff]/.test(s.slice(from, to))) throw unreadable();
      return;
    }
    if (!this.handler.capturing) return;
    let t = s.slice(from, to);
    if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
    if (t.includes('&')) t = unescapeXml(t);
    this.handler.text(t);
  }

  /** The markup at s[lt] ('<'): returns the position after it, or -1 when it is unfinished. */
  private markup(s: string, lt: number): number {
    const n = s.length;
    if (lt + 1 >= n) return -1;
    const c = s.charCodeAt(lt + 1);
    if (c === SLASH) return this.closeTag(s, lt);
    if (c === QUESTION) {
      const end = s.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (c !== BANG) return this.openTag(s, lt);
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    // Excel writes no CDATA; saxes reports it apart from text, and exceljs drops it, so do we.
    if (s.startsWith('<![CDATA[', lt)) {
      const end = s.indexOf(']]>', lt + 9);
      return end < 0 ? -1 : end + 3;
    }
    if (s.startsWith('<!DOCTYPE', lt) && this.depth === 0) {
      // An internal subset ([...]) may hold '>'; its declarations are not applied (nor by saxes).
      const bracket = s.indexOf('[', lt);
      const close = s.indexOf('>', lt);
      if (close < 0) return -1;
      if (bracket < 0 || bracket > close) return close + 1;
      const subsetEnd = s.indexOf(']', bracket);
      const end = subsetEnd < 0 ? -1 : s.indexOf('>', subsetEnd);
      return end < 0 ? -1 : end + 1;
    }
    if (n - lt < 9) return -1;
    throw unreadable();
  }

  private openTag(s: string, lt: number): number {
    const n = s.length;
    const h = this.handler;
    let p = lt + 1;
    let colon = -1;
    for (; p < n; p++) {
      const c = s.charCodeAt(p);
      if (isSpace(c) || c === GT || c === SLASH) break;
      if (c === COLON) colon = p;
      else if (c === LT) throw unreadable();
    }
    if (p >= n) return -1;
    const nameEnd = p;
    if (nameEnd === lt + 1) throw unreadable();
    const attributes = this.attributes;
    let count = 0;
    let selfClosing = false;
    for (;;) {
      while (p < n && isSpace(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      let c = s.charCodeAt(p);
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (p + 1 >= n) return -1;
        if (s.charCodeAt(p + 1) !== GT) throw unreadable();
        selfClosing = true;
        p += 2;
        break;
      }
      const name = p;
      while (p < n && (c = s.charCodeAt(p)) !== EQUALS && !isSpace(c) && c !== GT && c !== SLASH && c !== LT) p++;
      if (p >= n) return -1;
      if (p === name || c === LT) throw unreadable();
      const nameEndAt = p;
      while (p < n && isSpace(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      if (s.charCodeAt(p) !== EQUALS) throw unreadable();
      p++;
      while (p < n && isSpace(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      const quote = s.charCodeAt(p);
      if (quote !== DQUOTE && quote !== SQUOTE) throw unreadable();
      let valueEnd = p + 1;
      while (valueEnd < n && s.charCodeAt(valueEnd) !== quote) valueEnd++;
      if (valueEnd >= n) return -1;
      attributes[count++] = name;
      attributes[count++] = nameEndAt;
      attributes[count++] = p + 1;
      attributes[count++] = valueEnd;
      p = valueEnd + 1;
    }
    // Only now is the tag whole: nothing above told the handler anything.
    if (this.depth === 0) {
      if (this.rooted) throw unreadable();
      this.rooted = true;
    }
    const kind = h.kind(s, colon < 0 ? lt + 1 : colon + 1, nameEnd);
    if (kind !== 0)
      for (let i = 0; i < count; i += 4)
        h.attribute(kind, s, attributes[i]!, attributes[i + 1]!, attributes[i + 2]!, attributes[i + 3]!);
    h.open(kind);
    if (selfClosing) h.close(kind);
    else {
      const depth = this.depth++;
      const last = this.names[depth];
      if (last === undefined || last.length !== nameEnd - lt - 1 || !s.startsWith(last, lt + 1))
        this.names[depth] = s.slice(lt + 1, nameEnd);
      this.kinds[depth] = kind;
    }
    return p;
  }

  private closeTag(s: string, lt: number): number {
    const n = s.length;
    let p = lt + 2;
    while (p < n && !isSpace(s.charCodeAt(p)) && s.charCodeAt(p) !== GT) p++;
    const nameEnd = p;
    while (p < n && isSpace(s.charCodeAt(p))) p++;
    if (p >= n) return -1;
    if (s.charCodeAt(p) !== GT) throw unreadable();
    if (this.depth === 0) throw unreadable();
    const depth = --this.depth;
    const open = this.names[depth]!;
    if (open.length !== nameEnd - lt - 2 || !s.startsWith(open, lt + 2)) throw unreadable();
    this.handler.close(this.kinds[depth]!);
    return p + 1;
  }
}

/** Bytes that end a chunk in the middle of a UTF-8 character: where that character starts. */
function utf8Cut(chunk: Buffer): number {
  const n = chunk.length;
  let i = n - 1;
  while (i >= 0 && n - i <= 3 && (chunk[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const lead = chunk[i]!;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i < size ? i : n;
}

/**
 * Text is decoded this much at a time: V8 allocates a string of more than 128 KB (64K UTF-16
 * characters) in its large-object space, and decoding 256 KB pieces took ten times as long as
 * 32 KB ones (most of it garbage collection).
 */
const DECODE_BYTES = 32 * 1024;

/** Scan a part given in chunks of bytes. */
export async function scanChunks(chunks: AsyncIterable<Buffer>, handler: XmlHandler): Promise<void> {
  const scanner = new XmlScanner(handler);
  // What the last scan left unread (a construct cut by the piece's end, a character cut in
  // two) goes back to bytes and is decoded again with the next piece: a string of rest + piece
  // would be a cons string, which every charCodeAt has to look through. Pieces are gathered
  // until they are at least as long as that rest, so a huge cell costs linear time, not a rescan
  // per piece.
  let rest: Buffer | null = null;
  let gathered: Buffer[] = [];
  let gatheredLength = 0;
  const feed = (piece: Buffer, last: boolean) => {
    gathered.push(piece);
    gatheredLength += piece.length;
    if (!last && rest !== null && gatheredLength < rest.length) return;
    const bytes = rest === null && gathered.length === 1 ? piece : Buffer.concat(rest ? [rest, ...gathered] : gathered);
    gathered = [];
    gatheredLength = 0;
    // Buffer.toString, not StringDecoder or a streaming TextDecoder (a slow path in Node 20).
    const cut = last ? bytes.length : utf8Cut(bytes);
    const s = bytes.toString('utf8', 0, cut);
    const at = scanner.scan(s, last);
    rest = at < s.length || cut < bytes.length ? Buffer.concat([Buffer.from(s.slice(at)), bytes.subarray(cut)]) : null;
  };
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length && !handler.stopped; at += DECODE_BYTES)
      feed(chunk.subarray(at, at + DECODE_BYTES), false);
    if (handler.stopped) return;
  }
  feed(Buffer.alloc(0), true);
  scanner.finish();
}
