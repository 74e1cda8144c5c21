// The demo accounts (one per role), seeded when DEMO is on and disabled when it is off. This list
// is the one source for the README table and the login page's hint (auth.demoAccounts).
import type { Role } from '../../shared/roles';
import type { Db } from '../db/connect';
import type { Log } from '../plans/sync';
import { writeAudit } from '../queries/audit';
import { createUser, listUsers, updateUser } from '../queries/users';

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_ACCOUNTS: readonly { username: string; displayName: string; role: Role; unitCodes: string[] }[] = [
  { username: 'admin', displayName: '示例管理员', role: 'admin', unitCodes: [] },
  { username: 'leader', displayName: '示例领导', role: 'leader', unitCodes: [] },
  {
    username: 'stat-finance',
    displayName: '示例统计员',
    role: 'statistician',
    unitCodes: ['finance-bureau', 'development-reform-commission'],
  },
  {
    username: 'approver-dr',
    displayName: '示例审核员',
    role: 'approver',
    unitCodes: ['development-reform-commission'],
  },
];

/** Create missing demo accounts and re-enable disabled ones; never touches a non-demo user. */
export async function seedDemoAccounts(db: Db, log: Log): Promise<number> {
  const existing = new Map((await listUsers(db)).map((u) => [u.username, u]));
  const knownUnits = new Set((await db.selectFrom('units').select('code').execute()).map((u) => u.code));
  let changed = 0;
  for (const account of DEMO_ACCOUNTS) {
    const user = existing.get(account.username);
    if (user?.demo && user.disabled) {
      await updateUser(db, user.id, { disabled: false }, { actorId: null });
      log(`demo account ${account.username} enabled again`);
      changed++;
    }
    if (user) continue;
    const unitCodes = account.unitCodes.filter((c) => knownUnits.has(c));
    if (account.unitCodes.length > 0 && unitCodes.length === 0) {
      log(`demo account ${account.username} skipped: none of its units (${account.unitCodes.join(', ')}) is loaded`);
      continue;
    }
    await createUser(db, { ...account, unitCodes, password: DEMO_PASSWORD, demo: true }, { actorId: null });
    changed++;
  }
  // Demo accounts get an address for e-mail notices (example.com never receives mail).
  for (const account of DEMO_ACCOUNTS)
    await db
      .updateTable('users')
      .set({ email: `${account.username}@example.com` })
      .where('username', '=', account.username)
      .where('demo', '=', 1)
      .where('email', 'is', null)
      .execute();
  if (changed > 0)
    log(`demo accounts ready (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
  return changed;
}

/**
 * DEMO=0: disable every demo account (their password is public) and end their sessions. This
 * bypasses the last-admin rule on purpose; the log says how to create a real admin.
 */
export async function disableDemoAccounts(db: Db, log: Log): Promise<number> {
  const demo = (await listUsers(db)).filter((u) => u.demo && !u.disabled);
  for (const user of demo)
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ disabled: 1, updatedAt: new Date().toISOString() })
        .where('id', '=', user.id)
        .execute();
      await trx.deleteFrom('sessions').where('userId', '=', user.id).execute();
      await writeAudit(trx, {
        actorId: null,
        action: 'user.updated',
        entity: 'user',
        entityKey: user.username,
        detail: { disabled: [false, true], reason: 'DEMO=0' },
      });
    });
  if (demo.length > 0) {
    log(`demo is off: disabled demo account(s) ${demo.map((u) => u.username).join(', ')}`);
    const admins = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .execute();
    if (admins.length === 0)
      log('no active admin account: create one with `npm run user:add -- --username NAME --role admin`');
  }
  return demo.length;
}

/** What the login page may show: the demo accounts that are active now (none when DEMO=0). */
export async function demoAccountsShown(db: Db) {
  const active = (await listUsers(db)).filter((u) => u.demo && !u.disabled);
  return DEMO_ACCOUNTS.flatMap((account) => {
    const user = active.find((u) => u.username === account.username);
    return user
      ? [
          {
            username: user.username,
            displayName: user.displayName,
            role: user.role,
            units: user.units,
            password: DEMO_PASSWORD,
          },
        ]
      : [];
  });
}
