// Edits a reviewer makes to a drafted plan before publishing: add, split and merge measures and
// indicators. Pure functions over the draft: each returns the new draft, or a Chinese message
// saying why the edit cannot be made (the draft is then unchanged). Measures stay numbered 1..N
// and item codes follow their measure (I-07-2 belongs to measure 7), so an edit that moves or
// renumbers measures recodes their indicators, milestones and review notes with them.
import type { PlanDraftInput } from './plan-draft-schema';
import { periodOfDate } from './period';

type Draft = PlanDraftInput;
type Indicator = Draft['indicators'][number];
export type EditResult = { ok: true; draft: Draft } | { ok: false; message: string };

const ok = (draft: Draft): EditResult => ({ ok: true, draft });
const refuse = (message: string): EditResult => ({ ok: false, message });
const pad = (no: number) => String(no).padStart(2, '0');

/** The next free code of a kind in a measure: I-07-3 after I-07-1 and I-07-2. */
function nextCode(codes: string[], prefix: 'I' | 'T', measure: number): string {
  const head = `${prefix}-${pad(measure)}-`;
  const used = codes.filter((c) => c.startsWith(head)).map((c) => Number(c.slice(head.length)));
  return `${head}${Math.max(0, ...used) + 1}`;
}

/**
 * Renumber measures by `map` (old no → new no), recoding their items and notes. Items of a measure
 * keep their order; two measures mapped onto one (a merge) get codes numbered on after each other.
 */
function renumber(draft: Draft, map: (no: number) => number): Draft {
  const recoded = new Map<string, string>();
  const recode = <T extends { code: string; measure: number }>(items: T[], prefix: 'I' | 'T') => {
    const kind = prefix === 'I' ? 'indicator' : 'milestone';
    // Items that keep their measure keep their code; the rest take the next free one there.
    const codes = items.filter((i) => map(i.measure) === i.measure).map((i) => i.code);
    return items.map((item) => {
      const measure = map(item.measure);
      if (measure === item.measure) return item;
      const code = nextCode(codes, prefix, measure);
      codes.push(code);
      recoded.set(`${kind}:${item.code}`, `${kind}:${code}`);
      return { ...item, measure, code };
    });
  };
  const indicators = recode(draft.indicators, 'I');
  const milestones = recode(draft.milestones, 'T');
  const notes = draft.draft?.notes.map((n) => {
    const measure = /^measure:(\d+)$/.exec(n.item);
    if (measure) return { ...n, item: `measure:${map(Number(measure[1]))}` };
    return { ...n, item: recoded.get(n.item) ?? n.item };
  });
  return {
    ...draft,
    measures: draft.measures.map((m) => ({ ...m, no: map(m.no) })),
    indicators,
    milestones,
    ...(draft.draft && notes ? { draft: { ...draft.draft, notes } } : {}),
  };
}

function measureOf(draft: Draft, no: number) {
  return draft.measures.find((m) => m.no === no);
}

/** A new measure after measure `after` (0: first), in the same section; later measures move up one. */
export function addMeasure(draft: Draft, after: number): EditResult {
  const prev = measureOf(draft, after) ?? draft.measures[0];
  if (after !== 0 && !measureOf(draft, after)) return refuse(`没有第 ${after} 条措施`);
  if (!prev) return refuse('草稿中没有措施可参照，无法新增');
  const moved = renumber(draft, (no) => (no > after ? no + 1 : no));
  const measure = {
    no: after + 1,
    section: prev.section,
    subsection: prev.subsection,
    title: '新增措施',
    titleEn: 'New measure',
    text: '（请填写措施原文）',
    units: [prev.units[0] ?? { unit: draft.units[0]?.code ?? '' }],
  };
  const measures = [...moved.measures, measure].sort((a, b) => a.no - b.no);
  return ok({ ...moved, measures });
}

/**
 * Split measure `no` at character `at` of its text: the text from `at` on becomes measure no + 1
 * (same section and units); items whose source phrase lies in that part move with it.
 */
export function splitMeasure(draft: Draft, no: number, at: number): EditResult {
  const m = measureOf(draft, no);
  if (!m) return refuse(`没有第 ${no} 条措施`);
  const head = m.text.slice(0, at).trim();
  const tail = m.text.slice(at).trim();
  if (!Number.isInteger(at) || head === '' || tail === '')
    return refuse(`拆分位置须在第 ${no} 条措施的原文中间（1 至 ${m.text.length - 1} 字之间）`);
  const inTail = (source: string) => !m.text.slice(0, at).includes(source) && tail.includes(source);
  const moved = renumber(draft, (n) => (n > no ? n + 1 : n));
  const shift = <T extends { measure: number; source: string }>(items: T[]) =>
    items.map((i) => (i.measure === no && inTail(i.source) ? { ...i, measure: no + 1 } : i));
  return ok(
    recodeMoved({
      ...moved,
      indicators: shift(moved.indicators),
      milestones: shift(moved.milestones),
      measures: [
        ...moved.measures.map((x) => (x.no === no ? { ...x, text: head } : x)),
        { ...m, no: no + 1, title: `${m.title}（二）`, titleEn: `${m.titleEn} (2)`, text: tail },
      ].sort((a, b) => a.no - b.no),
    }),
  );
}

/** Items whose code no longer matches their measure (moved by a split) take a free code there. */
function recodeMoved(draft: Draft): Draft {
  const fix = <T extends { code: string; measure: number }>(items: T[], prefix: 'I' | 'T') => {
    const codes = items.map((i) => i.code);
    return items.map((i, k) => {
      if (i.code.slice(2, 4) === pad(i.measure)) return i;
      const code = nextCode(codes, prefix, i.measure);
      codes[k] = code;
      return { ...i, code };
    });
  };
  return { ...draft, indicators: fix(draft.indicators, 'I'), milestones: fix(draft.milestones, 'T') };
}

/** Merge measure `no + 1` into measure `no`: texts joined, units united (no's lead stays lead). */
export function mergeMeasureWithNext(draft: Draft, no: number): EditResult {
  const a = measureOf(draft, no);
  const b = measureOf(draft, no + 1);
  if (!a) return refuse(`没有第 ${no} 条措施`);
  if (!b) return refuse(`第 ${no} 条是最后一条措施，后面没有可合并的措施`);
  if (a.section !== b.section || a.subsection !== b.subsection)
    return refuse(`第 ${no} 条和第 ${no + 1} 条措施不在同一部分，不能合并`);
  const key = (u: { unit: string; role?: string }) => `${u.role ?? ''}/${u.unit}`;
  const units = [...a.units, ...b.units.filter((u) => !a.units.some((x) => key(x) === key(u)))];
  const merged = renumber(draft, (n) => (n > no ? n - 1 : n));
  const gone = draft.measures.indexOf(b);
  return ok({
    ...merged,
    measures: merged.measures
      .filter((_m, i) => i !== gone)
      .map((m) => (m.no === no ? { ...m, text: `${a.text}${b.text}`, units } : m)),
  });
}

/** A new indicator in measure `measure` (a cumulative target of 0 to fill in), over the plan's period. */
export function addIndicator(draft: Draft, measure: number): EditResult {
  const m = measureOf(draft, measure);
  if (!m) return refuse(`没有第 ${measure} 条措施`);
  const indicator: Indicator = {
    code: nextCode(
      draft.indicators.map((i) => i.code),
      'I',
      measure,
    ),
    measure,
    kind: 'cumulative',
    name: '新增指标',
    nameEn: 'New indicator',
    unit: '',
    unitEn: '',
    reporting: 'cumulative',
    periodStart: periodOfDate(draft.issuedOn),
    periodEnd: periodOfDate(draft.validTo),
    source: m.text,
    target: 0,
  };
  return ok({ ...draft, indicators: [...draft.indicators, indicator] });
}

/** Split an indicator in two: a copy with the next code follows it, for its own target. */
export function splitIndicator(draft: Draft, code: string): EditResult {
  const at = draft.indicators.findIndex((i) => i.code === code);
  const ind = draft.indicators[at];
  if (!ind) return refuse(`没有指标 ${code}`);
  const copy = {
    ...ind,
    code: nextCode(
      draft.indicators.map((i) => i.code),
      'I',
      ind.measure,
    ),
    name: `${ind.name}（二）`,
    nameEn: `${ind.nameEn} (2)`,
  };
  const indicators = [...draft.indicators];
  indicators.splice(at + 1, 0, copy);
  return ok({ ...draft, indicators });
}

/**
 * Merge indicators into the first of them: one target, the source phrases joined. They must be
 * of one measure and have one unit (a target in 亩 and one in 万元 are not one figure).
 */
export function mergeIndicators(draft: Draft, codes: string[]): EditResult {
  if (new Set(codes).size < 2) return refuse('请至少选择两个指标再合并');
  const picked = codes.map((c) => draft.indicators.find((i) => i.code === c));
  const missing = codes.filter((_c, i) => !picked[i]);
  if (missing.length > 0) return refuse(`没有指标 ${missing.join('、')}`);
  const items = picked as Indicator[];
  const first = items[0]!;
  const measures = [...new Set(items.map((i) => i.measure))];
  if (measures.length > 1) return refuse(`只能合并同一措施下的指标（所选指标分属第 ${measures.join('、')} 条措施）`);
  const units = [...new Set(items.map((i) => i.unit))];
  if (units.length > 1) return refuse(`所选指标的单位不同（${units.map((u) => u || '无单位').join('、')}），不能合并`);
  const rest = new Set(codes.slice(1));
  const source = [...new Set(items.map((i) => i.source))].join('；');
  const indicators = draft.indicators
    .filter((i) => !rest.has(i.code))
    .map((i) => (i.code === first.code ? { ...i, source } : i));
  const notes = draft.draft?.notes.filter((n) => !codes.slice(1).some((c) => n.item === `indicator:${c}`));
  return ok({ ...draft, indicators, ...(draft.draft && notes ? { draft: { ...draft.draft, notes } } : {}) });
}

/** A new milestone in measure `measure`, due at the end of the plan. */
export function addMilestone(draft: Draft, measure: number): EditResult {
  const m = measureOf(draft, measure);
  if (!m) return refuse(`没有第 ${measure} 条措施`);
  const code = nextCode(
    draft.milestones.map((t) => t.code),
    'T',
    measure,
  );
  const milestone = {
    code,
    measure,
    task: '新增任务',
    taskEn: 'New task',
    deadline: draft.validTo,
    source: m.text,
  };
  return ok({ ...draft, milestones: [...draft.milestones, milestone] });
}
