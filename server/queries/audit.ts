import type { Db } from '../db/connect';

export interface AuditEntry {
  /** The user who did it; null for the system (start-up, CLI) or an anonymous login attempt. */
  actorId: number | null;
  /** e.g. `login.failed`, `user.updated`. */
  action: string;
  entity: string;
  entityKey: string;
  detail?: Record<string, unknown>;
  ip?: string | null;
  at?: Date;
}

export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      at: (entry.at ?? new Date()).toISOString(),
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityKey: entry.entityKey,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ip: entry.ip ?? null,
    })
    .execute();
}

export async function auditTrail(db: Db, entity: string, entityKey: string) {
  const rows = await db
    .selectFrom('auditLog')
    .leftJoin('users', 'users.id', 'auditLog.actorId')
    .select([
      'auditLog.id',
      'auditLog.at',
      'auditLog.action',
      'auditLog.detail',
      'auditLog.ip',
      'users.username as actor',
    ])
    .where('auditLog.entity', '=', entity)
    .where('auditLog.entityKey', '=', entityKey)
    .orderBy('auditLog.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
  }));
}
