import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect';
import * as initial from './migrations/2026-11-27-0001-initial';
import * as accounts from './migrations/2026-11-27-0002-accounts';
import * as reporting from './migrations/2026-11-27-0003-reporting';
import * as uploads from './migrations/2026-11-27-0004-uploads';
import * as briefings from './migrations/2026-11-28-0005-briefings';
import * as uploadLines from './migrations/2026-11-28-0006-upload-lines';
import * as figureProvenance from './migrations/2026-11-28-0007-figure-provenance';
import * as planLive from './migrations/2026-12-04-0161-plan-live';
import * as dataVersion from './migrations/2026-12-04-0171-data-version';
import * as draftsAndLogins from './migrations/2026-12-04-0172-drafts-and-logins';
import * as briefingFingerprint from './migrations/2026-12-04-0173-briefing-fingerprint';
import * as uploadErrorList from './migrations/2026-12-04-0173-upload-error-list';
import * as indicatorBounds from './migrations/2026-12-04-0180-indicator-bounds';
import * as briefingLayout from './migrations/2026-12-04-0200-briefing-layout';
import * as planDrafts from './migrations/2026-12-04-0210-plan-drafts';
import * as receipts from './migrations/2026-12-05-0300-receipts';
import * as targetChanges from './migrations/2026-12-05-0310-target-changes';
import * as notices from './migrations/2026-12-05-0320-notices';
import * as laggingDigest from './migrations/2026-12-05-0330-lagging-digest';
import * as noticeSchedules from './migrations/2026-12-05-0340-notice-schedules';

/**
 * Every migration, by its file name. Listed statically (not read from the folder at run time) so
 * the same code runs under tsx, Vitest and a bundler; a test checks each file is listed here.
 * Add new migrations at the end; never edit one that has landed.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-27-0001-initial': initial,
  '2026-11-27-0002-accounts': accounts,
  '2026-11-27-0003-reporting': reporting,
  '2026-11-27-0004-uploads': uploads,
  '2026-11-28-0005-briefings': briefings,
  '2026-11-28-0006-upload-lines': uploadLines,
  '2026-11-28-0007-figure-provenance': figureProvenance,
  '2026-12-04-0161-plan-live': planLive,
  '2026-12-04-0171-data-version': dataVersion,
  '2026-12-04-0172-drafts-and-logins': draftsAndLogins,
  '2026-12-04-0173-briefing-fingerprint': briefingFingerprint,
  '2026-12-04-0173-upload-error-list': uploadErrorList,
  '2026-12-04-0180-indicator-bounds': indicatorBounds,
  '2026-12-04-0200-briefing-layout': briefingLayout,
  '2026-12-04-0210-plan-drafts': planDrafts,
  '2026-12-05-0300-receipts': receipts,
  '2026-12-05-0310-target-changes': targetChanges,
  '2026-12-05-0320-notices': notices,
  '2026-12-05-0330-lagging-digest': laggingDigest,
  '2026-12-05-0340-notice-schedules': noticeSchedules,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** Bring the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Migrations name SQL columns themselves, so they run without the camel-case mapping.
  const migrator = new Migrator({ db: db.withoutPlugins(), provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : 'unknown error';
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this code has that the database has not run (for /readyz); reads only. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.withoutPlugins(), provider });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
