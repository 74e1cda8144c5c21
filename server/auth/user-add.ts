// `npm run user:add -- --username NAME --role ROLE [--unit CODE ...] [--name 显示名]`: the
// arguments and the creation, apart from the terminal I/O in user-add-cli.ts so tests can run it.
import { parseArgs } from 'node:util';
import { ROLES } from '../../shared/roles';
import type { Db } from '../db/connect';
import { createUser, newUserSchema, type UserView } from '../queries/users';

export const USAGE = `Usage: npm run user:add -- --username NAME --role ${ROLES.join('|')} [--unit CODE ...] [--name DISPLAY_NAME]
The password is asked for in the terminal, or read from PLAN_MONITOR_PASSWORD.`;

export class UsageError extends Error {}

export function parseUserAddArgs(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        unit: { type: 'string', multiple: true },
        name: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (!values.username || !values.role) throw new UsageError(`--username and --role are required\n${USAGE}`);
  return { username: values.username, role: values.role, unitCodes: values.unit ?? [], displayName: values.name };
}

export async function addUser(db: Db, args: ReturnType<typeof parseUserAddArgs>, password: string): Promise<UserView> {
  const parsed = newUserSchema.safeParse({ ...args, displayName: args.displayName ?? args.username, password });
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return createUser(db, parsed.data, { actorId: null });
}
