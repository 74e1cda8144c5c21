// `npm run plan:go-live -- <planId> [--yes]`: take a plan live (正式启用) in the configured
// database — remove its demo figures and milestone updates for good and stop seeding them. Without
// --yes it only says what would be removed. A running server keeps answering from its cache for a
// few seconds and keeps the demo's date on its clock until restarted.
import { readConfig } from '../config';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { demoCounts, describeDemo, goLive, planLiveAt } from '../queries/go-live';

const args = process.argv.slice(2);
const planId = args.find((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--yes');
if (!planId || unknown.length > 0 || args.filter((a) => !a.startsWith('--')).length > 1) {
  console.error('Usage / 用法: npm run plan:go-live -- <planId> [--yes]');
  process.exit(2);
}
const log = (message: string) => console.log(`[plan-monitor] ${message}`);
const db = (() => {
  try {
    return openDatabase(readConfig(process.env, []).DATABASE_URL);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
})();
try {
  await migrateToLatest(db);
  const liveAt = await planLiveAt(db, planId);
  if (liveAt === undefined) throw new Error(`没有方案“${planId}” / No plan '${planId}'`);
  const counts = await demoCounts(db, planId);
  const what = describeDemo(counts);
  if (!args.includes('--yes')) {
    console.log(
      `正式启用方案 ${planId} 将清除${what.zh}，不可恢复。确认请加 --yes / Going live removes the ${what.en}; add --yes to confirm.`,
    );
  } else {
    const done = await goLive(db, planId, { actorId: null, via: 'cli', log });
    if (done.already) log(`plan ${planId}: already live since ${liveAt}, nothing to remove`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
