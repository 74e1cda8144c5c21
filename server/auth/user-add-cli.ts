// `npm run user:add`: create an account (the first admin of a production start) in the configured
// database. See user-add.ts for the arguments.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { readConfig } from '../config';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { ROLE_NAMES } from '../../shared/roles';
import { UsageError, addUser, parseUserAddArgs } from './user-add';

/** Read a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  // The interface (raw mode, hence no echo) exists before the prompt invites typing.
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stdout.write(question);
  // Raw mode swallows Ctrl-C; honour it.
  rl.once('SIGINT', () => {
    rl.close();
    process.stdout.write('\n');
    process.exit(130);
  });
  return new Promise((resolve) =>
    rl.once('line', (line) => {
      rl.close();
      process.stdout.write('\n');
      resolve(line);
    }),
  );
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.PLAN_MONITOR_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY)
    throw new UsageError('No terminal to ask for the password: set PLAN_MONITOR_PASSWORD instead');
  const first = await askHidden('Password / 密码: ');
  const second = await askHidden('Again / 再次输入: ');
  if (first !== second) throw new UsageError('The two passwords differ / 两次输入的密码不一致');
  return first;
}

const args = (() => {
  try {
    return parseUserAddArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
})();
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
  const user = await addUser(db, args, await readPassword());
  const units = user.units.map((u) => u.name).join('、');
  console.log(`Created ${ROLE_NAMES[user.role].en.toLowerCase()} '${user.username}'${units ? ` for ${units}` : ''}.`);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  console.error(message);
  if (message.includes('Unknown unit code'))
    console.error('Units come from the plans in PLANS_DIR: start the server once so they are loaded.');
  process.exitCode = 1;
} finally {
  await db.destroy();
}
