import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { prepareDatabase } from '../../server/bootstrap';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '../../server/auth/demo-accounts';
import { LOGIN_FAILED } from '../../server/auth/login';
import { UsageError, addUser, parseUserAddArgs } from '../../server/auth/user-add';
import type { Db } from '../../server/db/connect';
import { auditTrail } from '../../server/queries/audit';
import { createCaller } from '../../server/routers/_app';
import { assertUnitScope } from '../../server/auth/unit-scope';
import { count, freshDatabaseUrl, loggedIn, repoRoot, requestWith, silent, test } from '../fixtures';

const tmp = mkdtempSync(path.join(tmpdir(), 'plan-monitor-accounts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('should have been refused'),
    (e: unknown) => e,
  );
const asUser = async (db: Db, username: string) => requestWith(db, await loggedIn(db, username));
const unitId = async (db: Db, code: string) =>
  (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

describe('who may do what', () => {
  test('the users router is for admins: anonymous is asked to log in, a leader is refused', async ({ accountsDb }) => {
    expect(await failure(createCaller({ db: accountsDb }).users.list())).toMatchObject({
      code: 'UNAUTHORIZED',
      message: '请先登录 / Please log in',
    });
    for (const username of ['leader', 'stat-finance', 'approver-dr'])
      expect(await failure((await asUser(accountsDb, username)).users.list()), username).toMatchObject({
        code: 'FORBIDDEN',
        message: '此操作仅限管理员 / Only administrators may do this',
      });
    expect(await (await asUser(accountsDb, 'admin')).users.list()).toHaveLength(DEMO_ACCOUNTS.length);
  });

  test('the board stays readable without logging in', async ({ accountsDb }) => {
    expect(await createCaller({ db: accountsDb }).plan.list()).toHaveLength(1);
  });

  test('unit scope: own units only for statisticians, read-only for leaders, all for admins', async ({
    accountsDb,
  }) => {
    const [reform, finance, commerce] = await Promise.all(
      ['development-reform-commission', 'finance-bureau', 'commerce-bureau'].map((c) => unitId(accountsDb, c)),
    );
    const me = async (username: string) => ({
      db: accountsDb,
      user: await (await asUser(accountsDb, username)).auth.me(),
    });
    const stat = await me('stat-finance');
    await expect(assertUnitScope(stat, [reform!, finance!])).resolves.toBeUndefined();
    await expect(assertUnitScope(stat, [reform!, commerce!])).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '无权操作区商务局的数据',
    });
    const approver = await me('approver-dr');
    await expect(assertUnitScope(approver, [finance!], 'read')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const leader = await me('leader');
    await expect(assertUnitScope(leader, [commerce!], 'read')).resolves.toBeUndefined();
    await expect(assertUnitScope(leader, [commerce!])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(assertUnitScope(await me('admin'), [commerce!, finance!])).resolves.toBeUndefined();
    await expect(assertUnitScope({ db: accountsDb, user: null }, [reform!])).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('users router', () => {
  test('creates a user with units, audited with the admin as actor; names what is wrong', async ({ accountsDb }) => {
    const admin = await asUser(accountsDb, 'admin');
    const created = await admin.users.create({
      username: ' Wang.Li ',
      displayName: '王丽',
      password: 'long-enough',
      role: 'statistician',
      unitCodes: ['commerce-bureau'],
    });
    expect(created).toMatchObject({ username: 'wang.li', role: 'statistician', disabled: false, demo: false });
    expect(created).not.toHaveProperty('passwordHash');
    expect(created.units.map((u) => u.name)).toEqual(['区商务局']);
    const [entry] = await auditTrail(accountsDb, 'user', 'wang.li');
    expect(entry).toMatchObject({
      action: 'user.created',
      actor: 'admin',
      detail: { role: 'statistician', units: ['commerce-bureau'] },
    });
    expect(JSON.stringify(entry)).not.toContain('long-enough');

    const base = { displayName: 'x', password: 'long-enough', role: 'statistician' as const };
    const refusals: [Parameters<typeof admin.users.create>[0], string, string][] = [
      [{ ...base, username: 'wang.li', unitCodes: ['commerce-bureau'] }, 'CONFLICT', "Username 'wang.li' is taken"],
      [{ ...base, username: 'zhao', unitCodes: ['nope'] }, 'BAD_REQUEST', "Unknown unit code: 'nope'"],
      [{ ...base, username: 'zhao', unitCodes: [] }, 'BAD_REQUEST', 'A statistician needs at least one unit'],
      [{ ...base, username: 'zhao', password: 'short' }, 'BAD_REQUEST', 'at least 8 characters'],
      [{ ...base, username: 'x', unitCodes: ['commerce-bureau'] }, 'BAD_REQUEST', 'A username is 2–32'],
    ];
    for (const [input, code, message] of refusals)
      expect(await failure(admin.users.create(input)), message).toMatchObject({
        code,
        message: expect.stringContaining(message) as string,
      });
  });

  test('update records old → new in the audit log; a password reset ends the user’s sessions', async ({
    accountsDb,
  }) => {
    const admin = await asUser(accountsDb, 'admin');
    const stat = await loggedIn(accountsDb, 'stat-finance');
    const { id } = (await admin.users.list()).find((u) => u.username === 'stat-finance')!;
    await admin.users.update({ id, displayName: '李统计', unitCodes: ['finance-bureau'] });
    await admin.users.update({ id, displayName: '李统计' });
    await admin.users.resetPassword({ id, password: 'new-password-1' });

    const trail = await auditTrail(accountsDb, 'user', 'stat-finance');
    expect(trail.filter((a) => a.actor === 'admin').map((a) => [a.action, a.detail])).toEqual([
      [
        'user.updated',
        {
          displayName: ['示例统计员', '李统计'],
          units: [['development-reform-commission', 'finance-bureau'], ['finance-bureau']],
        },
      ],
      ['user.password_reset', null],
    ]);
    expect(await (await requestWith(accountsDb, stat)).auth.me()).toBeNull();
    const api = createCaller({ db: accountsDb });
    await expect(api.auth.login({ username: 'stat-finance', password: DEMO_PASSWORD })).rejects.toMatchObject({
      message: LOGIN_FAILED,
    });
    await expect(api.auth.login({ username: 'stat-finance', password: 'new-password-1' })).resolves.toMatchObject({
      displayName: '李统计',
    });
  });

  test('the last active admin cannot be disabled or demoted', async ({ accountsDb }) => {
    const jar = await loggedIn(accountsDb, 'admin');
    const admin = await requestWith(accountsDb, jar);
    const self = (await admin.auth.me())!;
    const refusal = { code: 'BAD_REQUEST', message: expect.stringContaining('last active admin') as string };
    expect(await failure(admin.users.update({ id: self.id, disabled: true }))).toMatchObject(refusal);
    expect(await failure(admin.users.update({ id: self.id, role: 'leader' }))).toMatchObject(refusal);
    const second = await admin.users.create({
      username: 'admin2',
      displayName: '第二管理员',
      password: 'long-enough',
      role: 'admin',
    });
    await admin.users.update({ id: self.id, role: 'leader' });
    expect(await failure((await requestWith(accountsDb, jar)).users.list())).toMatchObject({ code: 'FORBIDDEN' });
    const other = await requestWith(accountsDb, await loggedIn(accountsDb, 'admin2', 'long-enough'));
    expect(await failure(other.users.update({ id: second.id, disabled: true }))).toMatchObject(refusal);
  });
});

describe('demo accounts', () => {
  test('are seeded once per role with DEMO on, and disabled with DEMO off', async () => {
    const config = {
      DATABASE_URL: await freshDatabaseUrl(tmp, 'demo'),
      DEMO: true,
      PLANS_DIR: path.join(repoRoot, 'data/plans'),
    };
    const log: string[] = [];
    let db = await prepareDatabase(config, (l) => log.push(l));
    expect(log.join('\n')).toContain('demo accounts ready (password demo1234)');
    const shown = await createCaller({ db }).auth.demoAccounts();
    expect(shown.map((a) => [a.username, a.role, a.units.map((u) => u.code)])).toEqual([
      ['admin', 'admin', []],
      ['leader', 'leader', []],
      ['stat-finance', 'statistician', ['development-reform-commission', 'finance-bureau']],
      ['approver-dr', 'approver', ['development-reform-commission']],
    ]);
    expect(new Set(shown.map((a) => a.password))).toEqual(new Set([DEMO_PASSWORD]));
    expect(await seedDemoAccounts(db, silent)).toBe(0);
    const jar = await loggedIn(db, 'leader');
    await db.destroy();

    db = await prepareDatabase({ ...config, DEMO: false }, silent);
    expect(await count(db, 'users')).toBe(4);
    expect(await createCaller({ db }).auth.demoAccounts()).toEqual([]);
    expect(await (await requestWith(db, jar)).auth.me()).toBeNull();
    await expect(createCaller({ db }).auth.login({ username: 'admin', password: DEMO_PASSWORD })).rejects.toMatchObject(
      { code: 'FORBIDDEN' },
    );
    await db.destroy();

    db = await prepareDatabase(config, silent);
    expect(await createCaller({ db }).auth.demoAccounts()).toHaveLength(4);
    expect(await count(db, 'users')).toBe(4);
    await db.destroy();
  });

  test('are listed in the README with their role, units and password', async ({ accountsDb }) => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(`password **\`${DEMO_PASSWORD}\`**`);
    for (const account of await createCaller({ db: accountsDb }).auth.demoAccounts()) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${account.username}\``));
      expect(row, account.username).toContain(`| ${account.role} `);
      for (const unit of account.units) expect(row).toContain(unit.name);
    }
  });

  test('are not created on a database started with DEMO off', async () => {
    const db = await prepareDatabase(
      {
        DATABASE_URL: await freshDatabaseUrl(tmp, 'no-demo'),
        DEMO: false,
        PLANS_DIR: path.join(repoRoot, 'data/plans'),
      },
      silent,
    );
    expect(await count(db, 'users')).toBe(0);
    await db.destroy();
  });
});

describe('npm run user:add', () => {
  test('creates a user from the arguments, with clear errors', async ({ planDb }) => {
    const args = parseUserAddArgs(['--username', 'chief', '--role', 'admin']);
    expect(await addUser(planDb, args, 'long-enough')).toMatchObject({ username: 'chief', displayName: 'chief' });
    await expect(addUser(planDb, args, 'long-enough')).rejects.toThrow("Username 'chief' is taken");
    const stat = parseUserAddArgs([
      '--username',
      'li',
      '--role',
      'statistician',
      '--unit',
      'tax-bureau',
      '--unit',
      'x',
    ]);
    await expect(addUser(planDb, stat, 'long-enough')).rejects.toThrow("Unknown unit code: 'x'");
    await expect(addUser(planDb, { ...stat, role: 'boss' }, 'long-enough')).rejects.toThrow(/role must be one of/);
    await expect(addUser(planDb, { ...stat, unitCodes: ['tax-bureau'] }, 'short')).rejects.toThrow(UsageError);
    expect(() => parseUserAddArgs(['--username', 'li'])).toThrow(/--username and --role are required/);
  });

  // Three child processes under tsx: slow on a busy machine.
  test('runs as a script with the password from PLAN_MONITOR_PASSWORD', { timeout: 60_000 }, async () => {
    const url = await freshDatabaseUrl(tmp, 'cli');
    const run = (env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', 'server/auth/user-add-cli.ts', '--username', 'root', '--role', 'admin'],
        {
          cwd: repoRoot,
          env: { ...process.env, DATABASE_URL: url, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
          encoding: 'utf8',
        },
      );
    const first = run({ PLAN_MONITOR_PASSWORD: 'long-enough' });
    expect(first.stdout).toContain("Created administrator 'root'.");
    expect(first.status).toBe(0);
    const again = run({ PLAN_MONITOR_PASSWORD: 'long-enough' });
    expect([again.status, again.stderr]).toEqual([1, expect.stringContaining("Username 'root' is taken") as string]);
    const noPassword = run({ PLAN_MONITOR_PASSWORD: '' });
    expect(noPassword.stderr).toContain('set PLAN_MONITOR_PASSWORD');
  });
});
