// Reading numeric targets inside a sentence: "供应产业用地2500亩以上", "1.5万套（间）",
// "涨幅在3%左右", "高于各项贷款增速10个百分点以上", "1—2批", "10%—20%", "降至0.5%", "再降10%".
// Each quantity gets a kind (cumulative / ceiling / floor / spread / range), a comparator and a
// confidence; quantities that are policy parameters (subsidy rates, per-person amounts, time
// spans, conditions of a subsidy) are not targets and are left out.
import type { IndicatorKind, ReportingConvention } from '../../../shared/plan-schema';
import { halfWidth, parseNumber } from './numbers';

export type Comparator = '>=' | '<=' | '≈' | 'between';

export interface TargetHit {
  kind: IndicatorKind;
  reporting: ReportingConvention;
  /** For every kind but range. */
  value?: number;
  min?: number;
  max?: number;
  unit: string;
  comparator: Comparator | null;
  /** The clause up to the end of the quantity and its comparator (the indicator's `source`). */
  source: string;
  /** Offsets of `source` in the sentence given. */
  index: number;
  /** A short name made of the clause's words around the quantity. */
  name: string;
  seriesA?: string;
  seriesB?: string;
  confidence: number;
  reason?: string;
}

const NUM = '(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)';
// Longest first. 个 is not a unit when it starts 个月/个工作日/个小时 (time spans are not targets).
const UNITS = [
  '个百分点',
  '百分点',
  '%',
  '万元',
  '亿元',
  '元',
  '套（间）',
  '套(间)',
  '平方公里',
  '万平方米',
  '平方米',
  '公里',
  '千米',
  '公顷',
  '人次',
  '家次',
  '户次',
  '亩',
  '套',
  '间',
  '个(?!月|工作日|小时|季度|星期)',
  '项',
  '条',
  '所',
  '处',
  '批',
  '名',
  '人',
  '家',
  '户',
  '吨',
  '场',
  '次',
  '座',
  '台',
  '辆',
  '件',
  '款',
  '份',
  '栋',
  '幢',
  '千瓦',
  '兆瓦',
  '张',
  '床',
  '株',
  '种',
  '宗',
  '块',
  '起',
  '单',
  '例',
  '组',
];
const QUANTITY = new RegExp(`${NUM}(万|亿)?(%)?(?:([—\\-–~～至到])${NUM}(万|亿)?)?(${UNITS.join('|')})`, 'g');

const QUANTITY_AHEAD = new RegExp(`^.[^、和及与]*?${NUM}(万|亿)?(${UNITS.join('|')})`);

const GREATER_BEFORE =
  /(不低于|不少于|至少|超过|达到|达|突破|提高至|提高到|提升至|提升到|增至|增加到|增长到|力争|确保)$/;
const LESS_BEFORE =
  /(不超过|不高于|控制在|降至|降低至|降低到|降到|下降至|下降到|压减至|压降至|(?<!不)低于|(?<!不)少于)$/;
const REDUCE_BEFORE = /(再降|下降|降低|减少|压减|压降|降)$/;
const HIGHER_THAN = /(高于|快于|高出|超过)/;
const COMPARATOR_AFTER = /^(及以上|以上|以下|以内|左右)/;
/** Words that mark an amount as a policy parameter rather than a target. */
const PARAMETER_BEFORE =
  /(每[人户家个名次年月]?|最高|最多|单场|单个|单笔|承担|负担|分担|按照|按|给予|奖励|补贴|补助|第)$/;
/** "每名创业者最高可申请贷款30万元": a cap per item, not a total. */
const PER_ITEM = /(每[人户家个名次辆车场笔项年]|最高|最多|上限)/;
const PARAMETER_AFTER = /^(的|给予|补贴|补助|奖励|奖补|贴息)/;
const SUBSIDY = /(给予|补贴|补助|奖励|奖补|贴息)/;

const NOT_A_COUNT = /[第每统唯之东南西北中上下前后内外]$/;
const CHINESE_ONLY = /^[零〇一二两三四五六七八九十百千]+$/;

/** Splits a sentence into clauses at ，；：, keeping offsets. */
function clauses(sentence: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  for (let i = 0; i <= sentence.length; i++) {
    if (i === sentence.length || '，,；;：:'.includes(sentence[i] ?? '')) {
      if (i > start) out.push({ text: sentence.slice(start, i), start });
      start = i + 1;
    }
  }
  return out;
}

function nameOf(beforeRaw: string, after: string): string {
  const before = beforeRaw
    .replace(GREATER_BEFORE, '')
    .replace(LESS_BEFORE, '')
    .replace(REDUCE_BEFORE, '')
    .replace(/(在|为)$/, '');
  const words = (before + after)
    .replace(/^(\d{4}年|今年|全年|年内|年底前|上半年|下半年|力争|确保|推动|实现|完成|加快)+/, '')
    .replace(/(及以上|以上|以下|以内|左右)/, '')
    .replace(/[“”"]/g, '')
    .replace(/[。！；;，,]+$/, '');
  return words.slice(0, 40) || before || after;
}

/** Targets in one sentence (already free of whitespace). */
export function readTargets(sentenceRaw: string): TargetHit[] {
  const sentence = halfWidth(sentenceRaw);
  const parts = clauses(sentence);
  const hits: TargetHit[] = [];
  parts.forEach((clause, ci) => {
    QUANTITY.lastIndex = 0;
    // Where this quantity's phrase starts: after the previous quantity of the same clause (A 1.5万套、B 604套).
    let phraseStart = 0;
    for (let m = QUANTITY.exec(clause.text); m; m = QUANTITY.exec(clause.text)) {
      const [whole, n1 = '', mult1 = '', pct1, dash, n2, mult2 = '', unitRaw = ''] = m;
      const before = clause.text.slice(0, m.index);
      const ownBefore = clause.text.slice(phraseStart, m.index);
      const afterAll = clause.text.slice(m.index + whole.length);
      // A Chinese numeral glued to the previous word (统一, 第三) or a generic 一批/一个 is no count.
      // 一批/一个 is "a"; a numeral after a place word (北七家) or an ordinal (第三) is a name.
      if (CHINESE_ONLY.test(n1) && (n1 === '一' || NOT_A_COUNT.test(before))) continue;
      if (/\d$|[.第]$/.test(before)) continue;
      if (/“[^”]*$/.test(before) && CHINESE_ONLY.test(n1)) continue;
      let unit = unitRaw.replace('(间)', '（间）');
      let multiplier = mult1;
      let multiplier2 = mult2;
      if (unit === '元' && mult1) [unit, multiplier, multiplier2] = [`${mult1}元`, '', ''];
      if (pct1 && !dash) continue;
      const v1 = parseNumber(n1, multiplier);
      const v2 = n2 !== undefined ? parseNumber(n2, multiplier2) : null;
      if (v1 === null || (n2 !== undefined && v2 === null)) continue;
      if (PARAMETER_BEFORE.test(before) || PARAMETER_AFTER.test(afterAll) || PER_ITEM.test(ownBefore)) continue;
      const isShare = unit === '%' || unit === '个百分点' || unit === '百分点';
      const next = parts[ci + 1];
      // "增幅达到15%以上，经认定后…给予补贴": a condition of a subsidy, not a target.
      if (next && SUBSIDY.test(next.text) && (isShare || unit.endsWith('元'))) continue;
      if (unit.endsWith('元') && SUBSIDY.test(clause.text)) continue;
      // "对产值增长20%以上的企业给予奖励": a quantity qualifying who gets a subsidy is its condition.
      if (/^(及以上|以上|以下|以内)?的/.test(afterAll) && SUBSIDY.test(clause.text)) continue;

      const compAfter = COMPARATOR_AFTER.exec(afterAll)?.[1] ?? '';
      const end = m.index + whole.length + compAfter.length;
      const nextPhrase = clause.text.slice(end).search(/[、和及与]/);
      const more = nextPhrase >= 0 && QUANTITY_AHEAD.test(clause.text.slice(end + nextPhrase));
      const source = clause.text
        .slice(phraseStart, more ? end + nextPhrase : clause.text.length)
        .replace(/[。！]$/, '');
      const name = nameOf(ownBefore, afterAll.slice(compAfter.length).replace(/^[、和及].*$/, ''));
      const base = { unit, source, index: clause.start + phraseStart, name };
      phraseStart = more ? end + nextPhrase + 1 : phraseStart;

      if (v2 !== null && dash) {
        hits.push({
          ...base,
          kind: 'range',
          reporting: isShare ? 'level' : 'cumulative',
          min: Math.min(v1, v2),
          max: Math.max(v1, v2),
          comparator: 'between',
          confidence: 0.9,
        });
        continue;
      }
      const spreadAt = ownBefore.search(HIGHER_THAN);
      if (unit.endsWith('百分点') && spreadAt > 0) {
        const seriesA = ownBefore.slice(0, spreadAt).replace(/^(\d{4}年|今年|全年)/, '');
        const seriesB = ownBefore.slice(spreadAt).replace(HIGHER_THAN, '');
        hits.push({
          ...base,
          unit: '个百分点',
          kind: 'spread',
          reporting: 'level',
          value: v1,
          comparator: '>=',
          seriesA,
          seriesB,
          name: `${seriesA}高出${seriesB}`,
          confidence: compAfter === '以上' || compAfter === '及以上' ? 0.9 : 0.7,
          ...(compAfter ? {} : { reason: '比较词不明：按“至少高出”处理' }),
        });
        continue;
      }
      const greater = GREATER_BEFORE.test(before) || compAfter === '以上' || compAfter === '及以上';
      const less = LESS_BEFORE.test(before) || compAfter === '以下' || compAfter === '以内';
      const reduce = !less && REDUCE_BEFORE.test(before);
      const about = compAfter === '左右';
      const comparator: Comparator | null = about ? '≈' : less ? '<=' : greater || reduce ? '>=' : null;
      if (isShare) {
        if (less || about) {
          hits.push({
            ...base,
            kind: 'ceiling',
            reporting: 'level',
            value: v1,
            comparator,
            confidence: about ? 0.75 : 0.9,
            ...(about ? { reason: '比较词“左右”：按上限处理，请核对容差' } : {}),
          });
        } else {
          hits.push({
            ...base,
            kind: 'floor',
            reporting: 'level',
            value: v1,
            comparator,
            name: reduce ? `${name}降幅` : name,
            confidence: comparator ? 0.9 : 0.6,
            ...(comparator ? {} : { reason: '比较词不明：按下限处理' }),
          });
        }
        continue;
      }
      hits.push({
        ...base,
        kind: less ? 'ceiling' : 'cumulative',
        reporting: less ? 'level' : 'cumulative',
        value: v1,
        comparator,
        confidence: CHINESE_ONLY.test(n1) ? 0.85 : 0.9,
      });
    }
  });
  return hits;
}
