// `npm run plan:eval`: drafts the Changping plan and the fixture plans and prints recall and
// precision against their answers and the goals of issue 21, and the drafting time.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config';
import { loadPlanFolder } from '../load';
import { draftPlan } from './draft';
import { answersFromPlan, answersSchema, evaluateDraft, type Answers, type Score } from './evaluate';
import { readPlanFile } from './read-file';

const changping = loadPlanFolder(path.join(projectRoot, 'data/plans/changping-2022'));
const fixturesDir = path.join(projectRoot, 'tests/fixtures/plan-drafting');
const cases: { name: string; file: string; answers: Answers }[] = [
  {
    name: 'changping-2022',
    file: path.join(projectRoot, 'data/plans/changping-2022/source.txt'),
    answers: answersFromPlan(changping),
  },
  ...readdirSync(fixturesDir).map((name) => ({
    name,
    file: path.join(fixturesDir, name, 'source.txt'),
    answers: answersSchema.parse(JSON.parse(readFileSync(path.join(fixturesDir, name, 'answers.json'), 'utf8'))),
  })),
];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (label: string, s: Score, goal: string, ok: boolean) =>
  console.log(
    `  ${label.padEnd(11)} ${String(s.found).padStart(3)}/${String(s.expected).padEnd(3)} recall ${pct(s.recall).padStart(6)}  precision ${pct(s.precision).padStart(6)}  (drafted ${s.drafted})  goal ${goal}: ${ok ? 'met' : 'NOT MET'}`,
  );

let allMet = true;
for (const c of cases) {
  const text = await readPlanFile(readFileSync(c.file), c.file);
  const runs: number[] = [];
  let draft = draftPlan(text, { registry: changping.units });
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    draft = draftPlan(text, { registry: changping.units });
    runs.push(performance.now() - t0);
  }
  const ms = runs.sort((a, b) => a - b)[2] ?? 0;
  const e = evaluateDraft(draft, c.answers);
  console.log(`${c.name}  (${c.answers.origin})`);
  const met = {
    measures: e.measures.found === e.measures.expected && e.measures.drafted === e.measures.expected,
    indicators: e.indicators.recall >= 0.9 && e.indicators.precision >= 0.9,
    milestones: e.milestones.recall >= 0.9,
    time: ms <= 1000,
  };
  line('measures', e.measures, 'all, with lead unit', met.measures);
  if (e.units) line('units', e.units, '(reported)', true);
  line('indicators', e.indicators, '≥ 90% both', met.indicators);
  line('milestones', e.milestones, 'deadlines ≥ 90%', met.milestones);
  console.log(`  drafting    ${ms.toFixed(0)} ms (median of 5)  goal ≤ 1000 ms: ${met.time ? 'met' : 'NOT MET'}`);
  if (e.missed.length) console.log(`  missed indicators: ${e.missed.join(', ')}`);
  if (e.extra.length) console.log(`  extra indicators:  ${e.extra.join(', ')}`);
  allMet &&= Object.values(met).every(Boolean);
}
process.exitCode = allMet ? 0 : 1;
