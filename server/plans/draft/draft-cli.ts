// `npm run plan:draft -- <file> --out <draft.json> [--id <plan-id>]` drafts a plan from its text
// (.txt or .docx), writes it in the plan.json shape (with the `draft` notes) and prints the items
// to review. Units are matched against the units of the plans in data/plans.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lowConfidenceNotes } from '../../../shared/plan-draft-schema';
import { projectRoot } from '../../config';
import { listPlanFolders, loadPlanFolder } from '../load';
import { draftPlan, DraftError } from './draft';
import { readPlanFile } from './read-file';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, id: { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  console.error('用法 usage: npm run plan:draft -- <方案.docx|方案.txt> --out <draft.json> [--id <plan-id>]');
  process.exit(2);
}

try {
  const registry = listPlanFolders(path.join(projectRoot, 'data/plans')).flatMap((dir) => loadPlanFolder(dir).units);
  const t0 = performance.now();
  const text = await readPlanFile(readFileSync(file), file);
  const draft = draftPlan(text, { file: path.basename(file), registry, ...(values.id ? { id: values.id } : {}) });
  const ms = performance.now() - t0;
  const out = values.out ?? `${file.replace(/\.[^.]+$/, '')}.draft.json`;
  writeFileSync(out, `${JSON.stringify(draft, null, 2)}\n`);
  console.log(
    `${draft.title} ${draft.docNumber}: ${draft.measures.length} 项措施, ${draft.indicators.length} 个指标, ${draft.milestones.length} 个任务, ${draft.units.length} 个单位 (${ms.toFixed(0)} ms) → ${out}`,
  );
  const low = lowConfidenceNotes(draft);
  console.log(low.length ? `待核对 ${low.length} 项 items to review:` : '没有待核对的项目 nothing flagged');
  for (const n of low)
    console.log(
      `  ${n.item.padEnd(22)} ${n.confidence.toFixed(2)}  ${n.reason ?? ''}  「${n.source.replace(/\s+/g, '').slice(0, 40)}」`,
    );
} catch (err) {
  if (err instanceof DraftError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
