import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ROLES, ROLE_NAMES, UNIT_SCOPED_ROLES, type Role } from '../../shared/roles';
import { hashPassword, passwordSchema } from '../auth/password';
import type { Db } from '../db/connect';
import { writeAudit } from './audit';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,31}$/,
    '用户名须为 2–32 位字母、数字、点、横线或下划线 / A username is 2–32 letters, digits, ".", "-" or "_"',
  );
const displayNameSchema = z
  .string()
  .trim()
  .min(1, '请填写姓名 / A display name is required')
  .max(50, '姓名最多 50 字 / A display name has at most 50 characters');
const roleSchema = z.enum(ROLES, { error: `角色须为 / role must be one of: ${ROLES.join(', ')}` });
const unitCodesSchema = z.array(z.string().trim().min(1).max(100)).max(200);

export const newUserSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  password: passwordSchema,
  role: roleSchema,
  unitCodes: unitCodesSchema.default([]),
});
export type NewUser = z.infer<typeof newUserSchema> & { demo?: boolean };

export const userChangesSchema = z.object({
  displayName: displayNameSchema.optional(),
  role: roleSchema.optional(),
  unitCodes: unitCodesSchema.optional(),
  disabled: z.boolean().optional(),
});
export type UserChanges = z.infer<typeof userChangesSchema>;

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

/** Who is making a request, as every procedure sees it (loaded fresh for each request). */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  units: UnitRef[];
}

export interface ChangeMeta {
  actorId: number | null;
  ip?: string | null;
  now?: Date;
}

const auditBy = (meta: ChangeMeta) => ({ actorId: meta.actorId, ip: meta.ip ?? null, at: meta.now });

async function unitsOf(db: Db, userIds: number[]): Promise<Map<number, UnitRef[]>> {
  const byUser = new Map<number, UnitRef[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('userUnits')
    .innerJoin('units', 'units.id', 'userUnits.unitId')
    .select(['userUnits.userId', 'units.id', 'units.code', 'units.name'])
    .where('userUnits.userId', 'in', userIds)
    .orderBy('units.code')
    .execute();
  for (const { userId, ...unit } of rows) byUser.get(userId)?.push(unit);
  return byUser;
}

/** The user behind a session, or null when the account is gone or disabled. */
export async function loadSessionUser(db: Db, id: number): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'displayName', 'role'])
    .where('id', '=', id)
    .where('disabled', '=', 0)
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, units: (await unitsOf(db, [id])).get(id) ?? [] };
}

export async function listUsers(db: Db, ids?: number[]) {
  let query = db
    .selectFrom('users')
    .select(['id', 'username', 'displayName', 'role', 'disabled', 'demo', 'lockedUntil', 'createdAt', 'updatedAt'])
    .orderBy('username');
  if (ids) query = query.where('id', 'in', ids);
  const rows = await query.execute();
  const units = await unitsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, disabled: r.disabled === 1, demo: r.demo === 1, units: units.get(r.id) ?? [] }));
}

export type UserView = Awaited<ReturnType<typeof listUsers>>[number];

async function userView(db: Db, id: number): Promise<UserView> {
  const [user] = await listUsers(db, [id]);
  if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: `No user #${id}` });
  return user;
}

async function resolveUnits(db: Db, codes: string[]): Promise<UnitRef[]> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return [];
  const found = await db.selectFrom('units').select(['id', 'code', 'name']).where('code', 'in', unique).execute();
  const missing = unique.filter((c) => !found.some((u) => u.code === c));
  if (missing.length > 0)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `未知单位代码 / Unknown unit code: ${missing.map((c) => `'${c}'`).join(', ')}`,
    });
  return found;
}

function checkRoleUnits(role: Role, units: unknown[]) {
  if (UNIT_SCOPED_ROLES.includes(role) && units.length === 0)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${ROLE_NAMES[role].zh}至少需要一个单位 / A ${role} needs at least one unit`,
    });
}

export async function createUser(db: Db, input: NewUser, meta: ChangeMeta): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  const at = (meta.now ?? new Date()).toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken)
      throw new TRPCError({
        code: 'CONFLICT',
        message: `用户名 ${input.username} 已存在 / Username '${input.username}' is taken`,
      });
    const units = await resolveUnits(trx, input.unitCodes);
    checkRoleUnits(input.role, units);
    const { id } = await trx
      .insertInto('users')
      .values({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        role: input.role,
        demo: input.demo ? 1 : 0,
        createdAt: at,
        updatedAt: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (units.length > 0)
      await trx
        .insertInto('userUnits')
        .values(units.map((u) => ({ userId: id, unitId: u.id })))
        .execute();
    await writeAudit(trx, {
      ...auditBy(meta),
      action: 'user.created',
      entity: 'user',
      entityKey: input.username,
      detail: { displayName: input.displayName, role: input.role, units: units.map((u) => u.code), demo: !!input.demo },
    });
    return id;
  });
  return userView(db, id);
}

async function activeAdminsOtherThan(db: Db, id: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .where('id', '!=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Apply an admin's edit. Disabling ends the user's sessions; every change is audited. */
export async function updateUser(db: Db, id: number, changes: UserChanges, meta: ChangeMeta): Promise<UserView> {
  await db.transaction().execute(async (trx) => {
    const before = await userView(trx, id);
    const role = changes.role ?? before.role;
    const disabled = changes.disabled ?? before.disabled;
    const units = changes.unitCodes ? await resolveUnits(trx, changes.unitCodes) : before.units;
    checkRoleUnits(role, units);
    if (before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled))
      if ((await activeAdminsOtherThan(trx, id)) === 0)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message:
            '这是最后一位启用的管理员，不能停用或改为其他角色；请先设置另一位管理员 / This is the last active admin: it cannot be disabled or given another role until another admin exists',
        });

    const diff: Record<string, [unknown, unknown]> = {};
    const displayName = changes.displayName ?? before.displayName;
    if (displayName !== before.displayName) diff.displayName = [before.displayName, displayName];
    if (role !== before.role) diff.role = [before.role, role];
    if (disabled !== before.disabled) diff.disabled = [before.disabled, disabled];
    const codes = (list: UnitRef[]) => list.map((u) => u.code).sort();
    if (codes(units).join() !== codes(before.units).join()) diff.units = [codes(before.units), codes(units)];
    if (Object.keys(diff).length === 0) return;

    await trx
      .updateTable('users')
      .set({ displayName, role, disabled: disabled ? 1 : 0, updatedAt: (meta.now ?? new Date()).toISOString() })
      .where('id', '=', id)
      .execute();
    if (diff.units) {
      await trx.deleteFrom('userUnits').where('userId', '=', id).execute();
      if (units.length > 0)
        await trx
          .insertInto('userUnits')
          .values(units.map((u) => ({ userId: id, unitId: u.id })))
          .execute();
    }
    if (disabled) await trx.deleteFrom('sessions').where('userId', '=', id).execute();
    await writeAudit(trx, {
      ...auditBy(meta),
      action: 'user.updated',
      entity: 'user',
      entityKey: before.username,
      detail: diff,
    });
  });
  return userView(db, id);
}

/**
 * Set a new password (an admin's reset). Ends the user's other sessions and lifts a lockout;
 * `keepSessionId` spares the session making the request when admins reset their own password.
 */
export async function setPassword(
  db: Db,
  id: number,
  password: string,
  meta: ChangeMeta & { keepSessionId?: string | null },
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const { username } = await userView(trx, id);
    await trx
      .updateTable('users')
      .set({ passwordHash, lockedUntil: null, updatedAt: (meta.now ?? new Date()).toISOString() })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('loginFailures').where('userId', '=', id).execute();
    await trx.deleteFrom('loginThrottle').where('username', '=', username).execute();
    await trx
      .deleteFrom('sessions')
      .where('userId', '=', id)
      .where('id', '!=', meta.keepSessionId ?? '')
      .execute();
    await writeAudit(trx, {
      ...auditBy(meta),
      action: 'user.password_reset',
      entity: 'user',
      entityKey: username,
    });
  });
}

/**
 * Units with an active statistician but no active approver: their figures wait in the review
 * queue until an administrator (who reviews every unit) decides them, or count at once where the
 * plan says so (queries/approval.ts). The users page warns.
 */
export async function unitsWithoutApprover(db: Db) {
  const rows = await db
    .selectFrom('userUnits')
    .innerJoin('users', 'users.id', 'userUnits.userId')
    .innerJoin('units', 'units.id', 'userUnits.unitId')
    .select(['units.id', 'units.name', 'users.role'])
    .where('users.disabled', '=', 0)
    .where('users.role', 'in', ['statistician', 'approver'])
    .execute();
  const byUnit = new Map<number, { name: string; roles: Set<string> }>();
  for (const r of rows) {
    const unit = byUnit.get(r.id) ?? { name: r.name, roles: new Set<string>() };
    unit.roles.add(r.role);
    byUnit.set(r.id, unit);
  }
  return [...byUnit.values()]
    .filter((u) => u.roles.has('statistician') && !u.roles.has('approver'))
    .map((u) => u.name)
    .sort((a, b) => a.localeCompare(b, 'zh-CN'));
}
