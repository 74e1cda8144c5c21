// The database as Kysely sees it. Columns are snake_case in SQL and camelCase here
// (CamelCasePlugin). Dates and times are ISO strings so SQLite and PostgreSQL agree.
import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../shared/roles';

export interface Database {
  plans: PlansTable;
  units: UnitsTable;
  sections: SectionsTable;
  subsections: SubsectionsTable;
  measures: MeasuresTable;
  measureUnits: MeasureUnitsTable;
  indicators: IndicatorsTable;
  targetSchedule: TargetScheduleTable;
  targetChanges: TargetChangesTable;
  milestones: MilestonesTable;
  actuals: ActualsTable;
  actualRevisions: ActualRevisionsTable;
  milestoneUpdates: MilestoneUpdatesTable;
  milestoneRevisions: MilestoneRevisionsTable;
  planChanges: PlanChangesTable;
  users: UsersTable;
  userUnits: UserUnitsTable;
  loginFailures: LoginFailuresTable;
  loginThrottle: LoginThrottleTable;
  sessions: SessionsTable;
  auditLog: AuditLogTable;
  uploads: UploadsTable;
  uploadLines: UploadLinesTable;
  briefings: BriefingsTable;
  briefingFigures: BriefingFiguresTable;
  briefingHeaders: BriefingHeadersTable;
  briefingIssues: BriefingIssuesTable;
  dataVersion: DataVersionTable;
  planDrafts: PlanDraftsTable;
  receipts: ReceiptsTable;
  receiptItems: ReceiptItemsTable;
  noticeChannels: NoticeChannelsTable;
  noticeOutbox: NoticeOutboxTable;
  noticeAttempts: NoticeAttemptsTable;
  inbox: InboxTable;
  noticeSubscriptions: NoticeSubscriptionsTable;
  noticeLagging: NoticeLaggingTable;
  noticeSchedules: NoticeSchedulesTable;
}

/** One row (id 1), moved by every commit that changes data (db/data-version.ts). */
export interface DataVersionTable {
  id: number;
  n: number;
}

export interface PlansTable {
  id: string;
  title: string;
  titleEn: string;
  issuer: string;
  issuerEn: string;
  docNumber: string;
  issuedOn: string;
  validTo: string;
  scope: string;
  scopeEn: string;
  onTrackGap: number;
  behindGap: number;
  /** sha256 of the plan.json it was last synced from; an unchanged file skips the sync. */
  definitionHash: string;
  updatedAt: string;
  /** 1 when figures count on the board only once approved. */
  approvalRequired: Generated<number>;
  /** Reports for a month are due on this day of the following month. */
  reportDueDay: Generated<number>;
  /** 1 lets the reporter of a figure approve it (one-person units); 0 is four eyes. */
  selfApprovalAllowed: Generated<number>;
  /** When an administrator took the plan live (demo figures removed for good); null before. */
  liveAt: Generated<string | null>;
  /** 1: figures of a unit with no active approver count at once; 0: they wait for an administrator. */
  noApproverCounts: Generated<number>;
}

export interface UnitsTable {
  id: Generated<number>;
  code: string;
  name: string;
  nameEn: string;
  kind: string;
}

export interface SectionsTable {
  id: Generated<number>;
  planId: string;
  no: number;
  title: string;
  titleEn: string;
}

export interface SubsectionsTable {
  id: Generated<number>;
  sectionId: number;
  no: number;
  title: string;
  titleEn: string;
}

export interface MeasuresTable {
  id: Generated<number>;
  planId: string;
  no: number;
  sectionId: number;
  subsectionId: number;
  title: string;
  titleEn: string;
  text: string;
}

export interface MeasureUnitsTable {
  measureId: number;
  /** 0 is the lead unit. */
  position: number;
  unitId: number;
  role: string | null;
  roleEn: string | null;
}

export interface IndicatorsTable {
  id: Generated<number>;
  planId: string;
  code: string;
  measureId: number;
  name: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  kind: string;
  reporting: string;
  periodStart: string;
  periodEnd: string;
  target: number | null;
  tolerance: number | null;
  min: number | null;
  max: number | null;
  aName: string | null;
  aNameEn: string | null;
  bName: string | null;
  bNameEn: string | null;
  source: string;
  /** plan.json `bounds` (shared/checks.ts); null where not stated. */
  boundMin: number | null;
  boundMax: number | null;
  boundHardMin: number | null;
  boundHardMax: number | null;
}

export interface TargetScheduleTable {
  indicatorId: number;
  period: string;
  value: number;
}

/** 调整目标: one change of a published target, never edited (migration 2026-12-05-0310). */
export interface TargetChangesTable {
  id: Generated<number>;
  indicatorId: number;
  /** First month (YYYY-MM) judged against the new target; earlier months keep the old one. */
  effectiveFrom: string;
  /** target for cumulative/ceiling/floor/spread, min and max for a range; null where not used. */
  oldTarget: number | null;
  newTarget: number | null;
  oldMin: number | null;
  newMin: number | null;
  oldMax: number | null;
  newMax: number | null;
  /** The target period's last month before and after (the date of the target). */
  oldPeriodEnd: string;
  newPeriodEnd: string;
  reason: string;
  changedBy: number;
  changedAt: string;
}

export interface MilestonesTable {
  id: Generated<number>;
  planId: string;
  code: string;
  measureId: number;
  task: string;
  taskEn: string;
  deadline: string;
  deadlineSource: string | null;
  source: string;
}

export type DataSource = 'entry' | 'upload' | 'demo';
export type ReviewState = 'submitted' | 'approved' | 'returned';

/** Review columns shared by actuals and milestone updates. */
interface Reviewed {
  reviewState: Generated<ReviewState>;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
}

export interface ActualsTable extends Reviewed {
  id: Generated<number>;
  indicatorId: number;
  /** `value`, or `a` / `b` for the two series of a spread. */
  series: string;
  period: string;
  value: number;
  note: string | null;
  source: DataSource;
  reportedBy: string | null;
  reportedAt: string;
  /** The reason given with the current value, and the upload it came from (null: typed in). */
  reason: string | null;
  uploadId: string | null;
  /** The value the board shows when the plan requires approval; null until first approved. */
  approvedValue: number | null;
  /** The note of the approved value (a newer submission's note is a draft). */
  approvedNote: string | null;
}

export interface ActualRevisionsTable {
  id: Generated<number>;
  indicatorId: number;
  series: string;
  period: string;
  oldValue: number | null;
  newValue: number | null;
  oldNote: string | null;
  newNote: string | null;
  reason: string | null;
  source: DataSource;
  changedBy: string | null;
  changedAt: string;
  /** The upload a change came from, when it came from a file. */
  uploadId: string | null;
}

export interface MilestoneUpdatesTable extends Reviewed {
  id: Generated<number>;
  milestoneId: number;
  period: string;
  state: string;
  note: string | null;
  source: DataSource;
  reportedBy: string | null;
  reportedAt: string;
  approvedState: string | null;
  approvedNote: string | null;
}

export interface MilestoneRevisionsTable {
  id: Generated<number>;
  milestoneId: number;
  period: string;
  oldState: string | null;
  newState: string | null;
  oldNote: string | null;
  newNote: string | null;
  reason: string | null;
  source: DataSource;
  changedBy: string | null;
  changedAt: string;
  /** The upload a change came from, when it came from a file. */
  uploadId: string | null;
}

/** Changes to a plan's definition made by editing plan.json, applied at start-up. */
export interface PlanChangesTable {
  id: Generated<number>;
  planId: string;
  entity: string;
  entityKey: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedAt: string;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lower case; see `usernameSchema`. */
  username: string;
  displayName: string;
  /** `scrypt$N$r$p$salt$hash` (server/auth/password.ts). */
  passwordHash: string;
  role: Role;
  /** 0 or 1. */
  disabled: Generated<number>;
  /** 1 for the seeded demo accounts, which DEMO=0 disables. */
  demo: Generated<number>;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  /** Where e-mail notices go; null: none (demo accounts get <username>@example.com). */
  email: Generated<string | null>;
}

export interface UserUnitsTable {
  userId: number;
  unitId: number;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  userId: number;
  at: string;
}

/**
 * Failed logins of one username from one client address (`ip`), or from all addresses (`ip` '*'),
 * in the window starting at `windowStart`; the username need not exist.
 */
export interface LoginThrottleTable {
  username: string;
  ip: string;
  attempts: number;
  windowStart: string;
  lockedUntil: string | null;
}

export interface SessionsTable {
  /** sha256 (hex) of the token in the pm_session cookie; the token itself is never stored. */
  id: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actorId: number | null;
  action: string;
  entity: string;
  entityKey: string;
  /** JSON text. */
  detail: string | null;
  ip: string | null;
}

export type UploadFileKind = 'xlsx' | 'csv';

/** One uploaded file: its dry run, and whether (and with what reason) it was committed. */
export interface UploadsTable {
  /** A random UUID; actuals.upload_id and actual_revisions.upload_id point here. */
  id: string;
  planId: string;
  userId: number;
  createdAt: string;
  fileName: string;
  fileSize: number;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
  fileKind: UploadFileKind;
  /** The worksheet read (null for CSV). */
  sheet: string | null;
  reportPeriod: string;
  rowCount: number;
  newCount: number;
  changedCount: number;
  unchangedCount: number;
  errorCount: number;
  warningCount: number;
  /**
   * The checked dry run's preview (JSON) kept for the commit, its writes in upload_lines; null once
   * committed or expired.
   */
  preview: string | null;
  /** Every error row of a dry run that has errors (upload/store.ts packErrorLines, base64); null once expired. */
  errorList: string | null;
  expiresAt: string;
  committedAt: string | null;
  reason: string | null;
  /** Figures inserted or changed by the commit. */
  writtenCount: number | null;
}

/** A dry run's pending writes, a line (JSON array of up to 2,000 write tuples) per row. */
export interface UploadLinesTable {
  uploadId: string;
  line: number;
  writes: string;
}

export type BriefingFormat = 'docx' | 'pptx';

/** One generated briefing (简报): its choices, who made it, and the file's exact bytes. */
export interface BriefingsTable {
  /** A random UUID. */
  id: string;
  planId: string;
  period: string;
  /** The scope chosen (JSON, see server/briefings/scope.ts). */
  scope: string;
  format: BriefingFormat;
  lang: 'zh' | 'en';
  title: string;
  fileName: string;
  createdBy: number;
  createdByName: string;
  createdAt: string;
  measureCount: number;
  indicatorCount: number;
  /** Statuses, sentences and milestone states used (JSON); indicator values are in briefing_figures. */
  figures: string;
  fileSize: number;
  /** sha256 (hex) of `file`. */
  sha256: string;
  file: Buffer;
  /** 期号: the year of the 成文日期 and the number within it (Word briefings; null before 2026-12). */
  issueYear: number | null;
  issueNo: number | null;
  /** 成文日期 (YYYY-MM-DD) chosen at build time. */
  issuedOn: string | null;
  /** The staff's own text and the options (JSON, see server/briefings/options.ts). */
  notes: string | null;
  /** sha256 of the request, the figures collected and the date printed (null before 2026-12-04). */
  fingerprint: string | null;
}

/** A plan's 版头 and 版记: briefing name, issuing office, 报/送 lines and the printing office. */
export interface BriefingHeadersTable {
  planId: string;
  name: string;
  issuer: string;
  reportTo: string;
  copyTo: string;
  printedBy: string;
  updatedAt: string;
}

/** The last 期号 given per plan and year. */
export interface BriefingIssuesTable {
  planId: string;
  year: number;
  lastNo: number;
}

/** The exact indicator values a briefing was built from. */
export interface BriefingFiguresTable {
  briefingId: string;
  indicatorId: number;
  series: string;
  period: string;
  value: number;
}

/** A plan drafted from an uploaded text, under review until published. */
export interface PlanDraftsTable {
  /** A random UUID. */
  id: string;
  fileName: string;
  sourceText: string;
  /** The draft as JSON (shared/plan-draft-schema.ts). */
  draft: string;
  createdBy: number;
  createdAt: string;
  updatedAt: string;
  publishedPlanId: string | null;
  publishedAt: string | null;
}

/** The receipt (回执) of one commit of figures: from an upload (with its file) or the web form. */
export interface ReceiptsTable {
  /** A random UUID. */
  id: string;
  planId: string;
  userId: number;
  source: 'entry' | 'upload';
  uploadId: string | null;
  fileName: string | null;
  /** sha256 (hex) of the uploaded file's bytes. */
  sha256: string | null;
  sheet: string | null;
  /** The month reported. */
  period: string;
  createdAt: string;
  reason: string | null;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  /** Items left waiting for approval by the commit (0: all took effect at once). */
  pending: Generated<number>;
}

/** One figure or task state a receipt's commit wrote: old → new, and its review state then. */
export interface ReceiptItemsTable {
  receiptId: string;
  kind: 'figure' | 'milestone';
  indicatorId: number | null;
  milestoneId: number | null;
  series: string | null;
  period: string;
  oldValue: number | null;
  newValue: number | null;
  oldState: string | null;
  newState: string | null;
  unitId: number;
  reviewState: ReviewState;
}

export type RobotKind = 'wecom' | 'dingtalk' | 'feishu';
export type NoticeChannel = 'email' | RobotKind;
export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/** A group robot of a plan (企业微信 / 钉钉 / 飞书) and the events it posts. */
export interface NoticeChannelsTable {
  id: Generated<number>;
  planId: string;
  kind: RobotKind;
  name: string;
  url: string;
  /** 钉钉 / 飞书 signing secret; never sent to a page or a log. */
  secret: string | null;
  /** JSON array of event names (shared/notices.ts). */
  events: string;
  enabled: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

/** A notice to deliver (the outbox): written with the event, drained by server/notices/sender.ts. */
export interface NoticeOutboxTable {
  id: Generated<number>;
  /** Idempotency key: the same notice is enqueued once, whoever enqueues it and how often. */
  key: string;
  event: string;
  channel: NoticeChannel;
  channelId: number | null;
  userId: number | null;
  /** An e-mail address, or the robot channel's name. */
  recipient: string;
  subject: string;
  /** Plain text (markdown for robots). */
  body: string;
  link: string | null;
  status: Generated<NoticeStatus>;
  attempts: Generated<number>;
  nextAttemptAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NoticeAttemptsTable {
  id: Generated<number>;
  noticeId: number;
  at: string;
  sender: string;
  ok: number;
  error: string | null;
}

/** The in-app inbox (bell in the header). */
export interface InboxTable {
  id: Generated<number>;
  key: string;
  userId: number;
  event: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NoticeSubscriptionsTable {
  userId: number;
  event: string;
  email: number;
  inbox: number;
}

/** Per plan: the reminder schedule set on 通知设置 (no row: the defaults). */
export interface NoticeSchedulesTable {
  planId: string;
  dueSoonDays: number;
  overdueEveryDays: number;
  updatedAt: string;
}

/** Per plan: the day the newly-behind digest was last worked out, and what was red then. */
export interface NoticeLaggingTable {
  planId: string;
  /** ISO date (the clock's today), null before the first run. */
  checkedOn: string | null;
  /** JSON array of the item codes behind or overdue at that run; null before the first run. */
  codes: string | null;
}

export type IndicatorRow = Selectable<IndicatorsTable>;
export type UploadRow = Selectable<UploadsTable>;
export type NewActual = Insertable<ActualsTable>;
