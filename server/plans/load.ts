import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkPlanReferences, planSchema, type PlanDef } from '../../shared/plan-schema';

export class PlanDefinitionError extends Error {}

/** Read and validate `<dir>/plan.json`; every problem is listed, each with its JSON path. */
export function loadPlanFolder(dir: string): PlanDef {
  const file = path.join(dir, 'plan.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PlanDefinitionError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PlanDefinitionError(`${file} is not a valid plan:\n${lines.join('\n')}`);
  }
  const problems = checkPlanReferences(parsed.data);
  if (problems.length > 0) throw new PlanDefinitionError(`${file} is not a valid plan:\n  ${problems.join('\n  ')}`);
  if (parsed.data.id !== path.basename(dir))
    throw new PlanDefinitionError(`${file}: plan id '${parsed.data.id}' must match its folder name`);
  return parsed.data;
}

/** Every plan folder (a folder holding plan.json) under `plansDir`, in name order. */
export function listPlanFolders(plansDir: string): string[] {
  if (!existsSync(plansDir)) return [];
  return readdirSync(plansDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(plansDir, d.name, 'plan.json')))
    .map((d) => path.join(plansDir, d.name))
    .sort();
}
