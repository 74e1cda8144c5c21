// Drafting a plan from its text: structure, units, targets and dated tasks put together in the
// plan.json shape, each item with a note (source phrase, offsets, confidence, reason).
import type { DraftNote, PlanDraft } from '../../../shared/plan-draft-schema';
import type { IndicatorDef, MilestoneDef } from '../../../shared/plan-schema';
import { readDeadlines } from './deadlines';
import { compact, originalSpan, readMeta, readStructure, type Compact, type RawMeasure } from './structure';
import { readTargets, type TargetHit } from './targets';
import { splitResponsible, UnitMatcher, type RegistryUnit } from './units';

export interface DraftOptions {
  /** Plan id (a lower-case slug); defaults to `draft-<year>`. */
  id?: string;
  file?: string;
  /** Units already known (the registry); names are matched against them. */
  registry?: readonly RegistryUnit[];
}

export class DraftError extends Error {}

function sentences(body: Compact): { text: string; from: number }[] {
  const out: { text: string; from: number }[] = [];
  let from = 0;
  for (let i = 0; i <= body.text.length; i++) {
    if (i === body.text.length || '。；;！'.includes(body.text[i] ?? '')) {
      if (i > from) out.push({ text: body.text.slice(from, i + 1 <= body.text.length ? i + 1 : i), from });
      from = i + 1;
    }
  }
  return out;
}

const codeNo = (n: number) => String(n).padStart(2, '0');

function firstClause(text: string): string {
  const clause = /^[^，。；：,;]+/.exec(text)?.[0] ?? text;
  return clause.length > 24 ? `${clause.slice(0, 24)}…` : clause;
}

export function draftPlan(raw: string, options: DraftOptions = {}): PlanDraft {
  const text = raw.replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new DraftError('文件没有文字内容');
  const meta = readMeta(text);
  const { sections: rawSections, measures: rawMeasures } = readStructure(text, meta.bodyFrom);
  if (rawMeasures.length === 0) throw new DraftError('没有找到编号的措施（如“1.”“（一）”开头的条目），无法起草');

  const notes: DraftNote[] = [];
  const note = (item: string, span: { start: number; end: number }, confidence: number, reason?: string) =>
    notes.push({
      item,
      source: text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      confidence,
      ...(reason ? { reason } : {}),
    });

  const issuedOn = meta.issuedOn?.date ?? `${/(\d{4})/.exec(meta.docNumber?.text ?? '')?.[1] ?? '2000'}-01-01`;
  const year = Number(issuedOn.slice(0, 4));
  const validTo = meta.validTo?.date ?? `${year}-12-31`;
  note('meta:title', meta.title, meta.title.text ? 0.9 : 0.3, meta.title.text ? undefined : '未找到方案标题');
  if (meta.issuer) note('meta:issuer', meta.issuer, 0.9);
  if (meta.docNumber) note('meta:docNumber', meta.docNumber, 0.95);
  else note('meta:docNumber', { start: 0, end: 0 }, 0.3, '未找到文号');
  if (meta.issuedOn) note('meta:issuedOn', meta.issuedOn, 0.9);
  else note('meta:issuedOn', { start: 0, end: 0 }, 0.3, '未找到印发日期');
  if (meta.validTo) note('meta:validTo', meta.validTo, 0.9);
  else note('meta:validTo', { start: 0, end: 0 }, 0.6, `未写有效期，按印发当年年底 ${validTo} 计`);

  const matcher = new UnitMatcher(options.registry ?? []);
  const usedUnits = new Map<string, RegistryUnit>();
  const indicators: IndicatorDef[] = [];
  const milestones: MilestoneDef[] = [];

  const measures = rawMeasures.map((rm, i) => {
    const no = i + 1;
    const units = readUnits(rm, no);
    if (rm.no !== no) note(`measure:${no}`, rm.span, 0.5, `原文编号为 ${rm.no}，已按顺序重编为 ${no}`);
    else note(`measure:${no}`, rm.span, units.length ? 0.95 : 0.4, units.length ? undefined : '未找到责任单位');
    readItems(rm, no);
    const title = firstClause(rm.body.text);
    return {
      no,
      section: rm.section,
      subsection: rm.subsection,
      title,
      titleEn: title,
      text: rm.body.text,
      units: units.length ? units : [{ unit: placeholderUnit().code }],
    };
  });

  function placeholderUnit(): RegistryUnit {
    const { unit } = matcher.match('待定责任单位');
    usedUnits.set(unit.code, unit);
    return unit;
  }

  function readUnits(rm: RawMeasure, no: number) {
    if (!rm.responsible) return [];
    const out: { unit: string; role?: string; roleEn?: string }[] = [];
    for (const { name, role } of splitResponsible(rm.responsible.text)) {
      const { unit, how } = matcher.match(name);
      if (!usedUnits.has(unit.code)) {
        usedUnits.set(unit.code, unit);
        const at = text.indexOf(name, rm.responsible.span.start);
        const span =
          at >= 0 && at < rm.responsible.span.end ? { start: at, end: at + name.length } : rm.responsible.span;
        if (how === 'alias') note(`unit:${unit.code}`, span, 0.85, `按简称对应：${name} = ${unit.name}`);
        else if (how === 'new')
          note(
            `unit:${unit.code}`,
            span,
            0.6,
            unit.kind === 'group' ? '新的单位组（占位），请确认' : '登记册中没有此单位，将新建，请补英文名',
          );
        else note(`unit:${unit.code}`, span, 0.95);
      }
      if (out.some((u) => u.unit === unit.code && u.role === role)) continue;
      out.push(role ? { unit: unit.code, role, roleEn: role } : { unit: unit.code });
    }
    if (out.length === 0) note(`measure:${no}`, rm.responsible.span, 0.4, '责任单位无法拆分');
    return out;
  }

  function readItems(rm: RawMeasure, no: number) {
    const before = { indicators: indicators.length, milestones: milestones.length };
    for (const s of sentences(rm.body)) {
      const targets = readTargets(s.text);
      for (const t of targets) addIndicator(rm.body, s.from, t, no);
      // A deadline inside a target's clause (年内完成两批) is the target's period, not a task.
      const inTarget = (at: number) => targets.some((t) => at >= t.index && at < t.index + t.source.length);
      for (const d of readDeadlines(s.text, year)) {
        if (inTarget(d.index)) continue;
        const code = `T-${codeNo(no)}-${milestones.length - before.milestones + 1}`;
        const task = s.text.replace(/[。；;！]$/, '');
        milestones.push({
          code,
          measure: no,
          task,
          taskEn: task,
          deadline: d.date,
          deadlineSource: d.source,
          source: task,
        });
        const span = originalSpan(rm.body, s.from + d.index, s.from + d.index + d.source.length);
        note(`milestone:${code}`, span, d.confidence, d.reason);
        break;
      }
    }
    if (indicators.length === before.indicators && milestones.length === before.milestones) {
      const first = sentences(rm.body)[0] ?? { text: rm.body.text, from: 0 };
      const task = first.text.replace(/[。；;！]$/, '');
      const code = `T-${codeNo(no)}-1`;
      milestones.push({ code, measure: no, task, taskEn: task, deadline: validTo, source: task });
      note(
        `milestone:${code}`,
        originalSpan(rm.body, first.from, first.from + task.length),
        0.7,
        `未见日期或指标，按方案截止日 ${validTo} 设为任务`,
      );
    }
  }

  function addIndicator(body: Compact, sentenceFrom: number, t: TargetHit, no: number) {
    const code = `I-${codeNo(no)}-${indicators.filter((x) => x.measure === no).length + 1}`;
    const from = sentenceFrom + t.index;
    const source = body.text.slice(from, from + t.source.length);
    const half = /下半年/.test(source);
    const base = {
      code,
      measure: no,
      name: t.name,
      nameEn: t.name,
      unit: t.unit,
      unitEn: t.unit,
      reporting: t.reporting,
      periodStart: `${year}-${half ? '07' : '01'}`,
      periodEnd:
        validTo.slice(0, 7) < `${year}-12` && validTo.startsWith(String(year)) ? validTo.slice(0, 7) : `${year}-12`,
      source,
    };
    const v = t.value ?? 0;
    const def: IndicatorDef =
      t.kind === 'range'
        ? { ...base, kind: 'range', min: t.min ?? 0, max: t.max ?? 0 }
        : t.kind === 'spread'
          ? {
              ...base,
              kind: 'spread',
              target: v,
              tolerance: 0,
              seriesA: { name: t.seriesA ?? '', nameEn: t.seriesA ?? '' },
              seriesB: { name: t.seriesB ?? '', nameEn: t.seriesB ?? '' },
            }
          : t.kind === 'cumulative'
            ? { ...base, kind: 'cumulative', target: v }
            : { ...base, kind: t.kind, target: v, tolerance: 0 };
    indicators.push(def);
    note(`indicator:${code}`, originalSpan(body, from, from + t.source.length), t.confidence, t.reason);
  }

  const sections = rawSections.map((s, i) => ({
    no: i + 1,
    title: compact(s.title, 0, s.title.length).text,
    titleEn: s.title,
    subsections: s.subsections.map((sub, j) => ({
      no: j + 1,
      title: compact(sub.title, 0, sub.title.length).text,
      titleEn: sub.title,
    })),
  }));
  const scope =
    (['全区', '全市', '全县', '全省'] as const)
      .map((w) => ({ w, n: text.split(w).length }))
      .sort((a, b) => b.n - a.n)[0]?.w ?? '';

  return {
    id: options.id ?? `draft-${year}`,
    title: meta.title.text || '（未命名方案）',
    titleEn: meta.title.text || 'Untitled plan',
    issuer: meta.issuer?.text ?? '（未找到发文机关）',
    issuerEn: meta.issuer?.text ?? 'Unknown issuer',
    docNumber: meta.docNumber?.text ?? '（无文号）',
    issuedOn,
    validTo,
    scope,
    scopeEn: scope,
    thresholds: { onTrack: 0, behind: -10 },
    units: [...usedUnits.values()],
    sections,
    measures,
    indicators,
    milestones,
    draft: { file: options.file ?? '', notes },
  };
}
