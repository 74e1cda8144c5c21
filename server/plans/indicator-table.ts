// `npm run plan:table -- <plan-id>` prints a plan's indicators as the Markdown table the README
// carries. A unit test checks the README still lists every indicator of the Changping plan.
import path from 'node:path';
import { formatNumber } from '../../shared/format';
import { projectRoot } from '../config';
import { loadPlanFolder } from './load';

const planId = process.argv[2] ?? 'changping-2022';
const plan = loadPlanFolder(path.join(projectRoot, 'data/plans', planId));
const KIND_ZH = { cumulative: '累计达到', ceiling: '不高于', floor: '不低于', spread: '差值不低于', range: '区间' };
const cell = (s: string) => s.replace(/\|/g, '\\|');

console.log(
  '| 代码 Code | 措施 | 指标 Indicator | 类型 Kind | 目标 Target | 单位 Unit | 期间 Period | 原文 Source phrase |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const ind of plan.indicators) {
  const target =
    ind.kind === 'range'
      ? `${formatNumber(ind.min)}–${formatNumber(ind.max)}`
      : `${formatNumber(ind.target)}${'tolerance' in ind && ind.tolerance ? ` ±${ind.tolerance}` : ''}`;
  console.log(
    `| ${ind.code} | ${ind.measure} | ${cell(ind.name)} | ${KIND_ZH[ind.kind]} ${ind.kind} | ${target} | ${cell(ind.unit)} | ${ind.periodStart}–${ind.periodEnd} | ${cell(ind.source)} |`,
  );
}
