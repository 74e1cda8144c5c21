// The plan's skeleton from its text: metadata (title, issuer, 〔2022〕8号, dates), 一、 sections,
// （一） subsections and numbered measures with their responsibility parentheses. Offsets are kept
// into the original text so every drafted item can point at its source.

export interface Span {
  start: number;
  end: number;
}

/** Text with whitespace removed and, for each remaining character, its offset in the original. */
export interface Compact {
  text: string;
  map: number[];
}

export function compact(raw: string, start: number, end: number): Compact {
  let text = '';
  const map: number[] = [];
  for (let i = start; i < end; i++) {
    const c = raw[i] ?? '';
    if (/\s/.test(c) || c === '\u3000' || c === '\ufeff') continue;
    text += c;
    map.push(i);
  }
  return { text, map };
}

/** The original span of compact characters [from, to). */
export function originalSpan(c: Compact, from: number, to: number): Span {
  const start = c.map[from] ?? c.map[c.map.length - 1] ?? 0;
  const last = c.map[Math.max(from, to - 1)] ?? start;
  return { start, end: last + 1 };
}

export interface RawMeasure {
  /** Number as written. */
  no: number;
  /** Position of the measure among sections/subsections, 1-based, after renumbering. */
  section: number;
  subsection: number;
  /** Full wording without whitespace and without the responsibility parentheses. */
  body: Compact;
  /** Inside of the responsibility parentheses, or null. */
  responsible: { text: string; span: Span } | null;
  span: Span;
}

export interface RawSection {
  title: string;
  span: Span;
  subsections: { title: string; span: Span }[];
}

const CN = '[一二三四五六七八九十]{1,3}';
const SECTION = new RegExp(`^[\\s\u3000]*(${CN})[、.．][\\s\u3000]*(.+)$`);
const SUBSECTION = new RegExp(`^[\\s\u3000]*[（(](${CN})[）)][\\s\u3000]*(.*)$`);
// "4.2022年…" is measure 4; "4.5%" is no measure.
const MEASURE = /^[\s\u3000]*(\d{1,3})[\s\u3000]*[.．、](?!\d(?!\d{3}年))[\s\u3000]*/;
const RESPONSIBLE_WORDS = '(责任单位|牵头单位|责任部门|牵头部门|负责单位|牵头|负责)';
/**
 * The responsibility brackets: （…） or (…), and 〔…〕 or 【…】, which some plans use because their
 * unit lists hold parentheses of their own ("〔责任单位：省发展改革委、相关市（州）人民政府〕").
 */
const RESPONSIBLE = [
  new RegExp(`[（(]([^（()）]*?${RESPONSIBLE_WORDS}[^（()）]*)[）)]\\s*$`),
  new RegExp(`[〔【]([^〔【〕】]*?${RESPONSIBLE_WORDS}[^〔【〕】]*)[〕】]\\s*$`),
];
const BRACKETS: Record<string, string[]> = {
  '）': ['（', '('],
  ')': ['（', '('],
  '〕': ['〔', '【'],
  '】': ['〔', '【'],
};

interface Line {
  text: string;
  start: number;
}

function linesOf(raw: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const text of raw.split('\n')) {
    out.push({ text, start });
    start += text.length + 1;
  }
  return out;
}

interface Marker {
  type: 'section' | 'subsection' | 'measure';
  no: number;
  title: string;
  line: Line;
  /** Offset where the item's own text begins (after "1." or "（一）"). */
  bodyStart: number;
}

/**
 * Sections, subsections and measures. Measures are the Arabic-numbered items; a plan that numbers
 * its measures （一）（二） inside 一、 sections instead has those read as measures.
 */
export function readStructure(raw: string, from: number): { sections: RawSection[]; measures: RawMeasure[] } {
  const markers: Marker[] = [];
  for (const line of linesOf(raw)) {
    if (line.start < from) continue;
    let m: RegExpExecArray | null;
    if ((m = MEASURE.exec(line.text)))
      markers.push({ type: 'measure', no: Number(m[1]), title: '', line, bodyStart: line.start + m[0].length });
    else if ((m = SUBSECTION.exec(line.text)))
      markers.push({
        type: 'subsection',
        no: 0,
        title: m[2]?.trim() ?? '',
        line,
        bodyStart: line.start + line.text.indexOf(m[2] ?? ''),
      });
    else if ((m = SECTION.exec(line.text)))
      markers.push({
        type: 'section',
        no: 0,
        title: m[2]?.trim() ?? '',
        line,
        bodyStart: line.start + line.text.indexOf(m[2] ?? ''),
      });
  }
  if (!markers.some((m) => m.type === 'measure'))
    for (const m of markers) if (m.type === 'subsection') m.type = 'measure';

  const sections: RawSection[] = [];
  const measures: RawMeasure[] = [];
  let section: RawSection | null = null;
  let pendingSection: RawSection | null = null;
  let subsectionNo = 0;
  markers.forEach((mk, i) => {
    const end = (markers[i + 1]?.line.start ?? raw.length) - 1;
    if (mk.type === 'section') {
      pendingSection = {
        title: mk.title,
        span: { start: mk.bodyStart, end: mk.line.start + mk.line.text.length },
        subsections: [],
      };
      section = null;
      subsectionNo = 0;
      return;
    }
    if (pendingSection && !section) {
      section = pendingSection;
      sections.push(section);
    }
    if (!section) {
      section = { title: '（未分部分）', span: { start: mk.line.start, end: mk.line.start }, subsections: [] };
      sections.push(section);
    }
    if (mk.type === 'subsection') {
      section.subsections.push({
        title: mk.title.replace(/[。.]$/, ''),
        span: { start: mk.bodyStart, end: mk.line.start + mk.line.text.length },
      });
      subsectionNo = section.subsections.length;
      return;
    }
    if (subsectionNo === 0) {
      section.subsections.push({ title: section.title, span: section.span });
      subsectionNo = 1;
    }
    const whole = compact(raw, mk.bodyStart, Math.max(mk.bodyStart, end));
    let bodyEnd = whole.text.length;
    let responsible: RawMeasure['responsible'] = null;
    // The parentheses may be followed by closing words of the section (保障措施 …): take the first
    // responsibility parentheses and end the measure there.
    const r = findResponsible(whole.text);
    if (r) {
      bodyEnd = r.index;
      const span = originalSpan(whole, r.index, r.index + r.length);
      responsible = { text: r.content, span };
    }
    const body: Compact = { text: whole.text.slice(0, bodyEnd), map: whole.map.slice(0, bodyEnd) };
    measures.push({
      no: mk.type === 'measure' && mk.no ? mk.no : measures.length + 1,
      section: sections.length,
      subsection: subsectionNo,
      body,
      responsible,
      span: originalSpan(whole, 0, r ? r.index + r.length : whole.text.length),
    });
  });
  // Sections without measures (总体要求, 保障措施) are not part of the plan's structure.
  const used = new Set(measures.map((m) => m.section));
  const keep = sections.map((_, i) => used.has(i + 1));
  const renumber = new Map<number, number>();
  let n = 0;
  keep.forEach((k, i) => k && renumber.set(i + 1, ++n));
  for (const m of measures) m.section = renumber.get(m.section) ?? m.section;
  return { sections: sections.filter((_, i) => keep[i]), measures };
}

function findResponsible(text: string): { index: number; length: number; content: string } | null {
  // The first parentheses whose words name responsibility end the measure.
  for (let close = 0; close < text.length; close++) {
    const openers = BRACKETS[text[close]!];
    if (!openers) continue;
    const open = Math.max(...openers.map((o) => text.lastIndexOf(o, close)));
    if (open < 0) continue;
    for (const pattern of RESPONSIBLE) {
      const m = pattern.exec(text.slice(open, close + 1));
      if (m && m.index === 0) return { index: open, length: close + 1 - open, content: m[1] ?? '' };
    }
  }
  return null;
}

export interface RawMeta {
  title: Span & { text: string };
  issuer: (Span & { text: string }) | null;
  docNumber: (Span & { text: string }) | null;
  issuedOn: (Span & { date: string }) | null;
  validTo: (Span & { date: string }) | null;
  /** Where the plan's own text starts (after the title line). */
  bodyFrom: number;
}

const TITLE =
  /(实施方案|若干措施|若干政策措施|政策措施|行动方案|工作方案|行动计划|实施意见|若干意见|工作措施)[\s\u3000]*$/;
const pad = (s: string) => s.padStart(2, '0');

export function readMeta(raw: string): RawMeta {
  const lines = linesOf(raw);
  const firstMeasure = lines.find((l) => MEASURE.test(l.text))?.start ?? raw.length;
  const head = lines.filter((l) => l.start < firstMeasure);
  const titleLine =
    head.find((l) => TITLE.test(l.text) && !/通知|关于印发/.test(l.text)) ?? head.find((l) => l.text.trim());
  const titleText = (titleLine?.text ?? '').trim();
  const titleStart = (titleLine?.start ?? 0) + (titleLine?.text.indexOf(titleText) ?? 0);
  const spanOf = (m: RegExpExecArray, group = 0, offset = 0) => ({
    start: offset + m.index + (group ? m[0].indexOf(m[group] ?? '') : 0),
    end: offset + m.index + (group ? m[0].indexOf(m[group] ?? '') + (m[group] ?? '').length : m[0].length),
  });
  const headText = raw.slice(0, firstMeasure);
  const notice = /^[\s\u3000]*(.+?)(?:关于)?印发/m.exec(headText);
  const issuer = notice?.[1] ? { text: notice[1].replace(/关于$/, ''), ...spanOf(notice, 1) } : null;
  const doc = /[\u4e00-\u9fa5]{1,10}[〔[［【(（]\d{4}[〕\]］】)）]\s*\d+\s*号/.exec(headText);
  const published = /发布日期[:：]\s*(\d{4})-(\d{2})-(\d{2})/.exec(headText);
  const dated = /^[\s\u3000]*(\d{4})年(\d{1,2})月(\d{1,2})日[\s\u3000]*$/m.exec(headText);
  const issued = published ?? dated;
  const valid = /(?:有效期至|执行至|实施期限至|有效期为[^。]*?至)(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(raw);
  return {
    title: { text: titleText, start: titleStart, end: titleStart + titleText.length },
    issuer: issuer && issuer.text.length <= 30 ? issuer : null,
    docNumber: doc ? { text: doc[0].replace(/\s/g, ''), ...spanOf(doc) } : null,
    issuedOn: issued
      ? { date: `${issued[1]}-${pad(issued[2] ?? '')}-${pad(issued[3] ?? '')}`, ...spanOf(issued) }
      : null,
    validTo: valid ? { date: `${valid[1]}-${pad(valid[2] ?? '')}-${pad(valid[3] ?? '')}`, ...spanOf(valid) } : null,
    bodyFrom: titleLine ? titleLine.start + titleLine.text.length : 0,
  };
}
