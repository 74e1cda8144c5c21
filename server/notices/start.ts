// Notices in a running server: the sender drains the outbox, and the scheduled reminders are
// worked out at start and then every hour by the server's clock (each notice is keyed by its day
// or wave, so the hourly runs send each reminder once: "daily"). Every process may run this; the
// keys and the sender's lease keep two processes on one database from sending anything twice.
import type { Db } from '../db/connect';
import type { MailSettings } from './channels';
import { runScheduledNotices } from './events';
import { setMailEnabled } from './outbox';
import { startSender, type SenderOptions } from './sender';

export interface NoticeOptions extends Partial<Omit<SenderOptions, 'mail' | 'baseUrl'>> {
  mail: MailSettings | null;
  baseUrl: string;
  scheduleEveryMs?: number;
}

let current: { mail: MailSettings | null; baseUrl: string; kick: () => void } | null = null;

/** The running notice settings (for "send a test message"), or null when notices are not started. */
export function noticeRuntime() {
  return current;
}

export function startNotices(db: Db, options: NoticeOptions): () => Promise<void> {
  const log = options.log ?? (() => {});
  setMailEnabled(options.mail !== null);
  const sender = startSender(db, { ...options, log });
  current = { mail: options.mail, baseUrl: options.baseUrl, kick: sender.kick };
  let stopped = false;
  let running: Promise<void> | null = null;
  const schedule = () => {
    if (stopped || running) return;
    running = runScheduledNotices(db)
      .then((n) => {
        if (n > 0) {
          log(`notices: ${n} reminder(s) enqueued`);
          sender.kick();
        }
      })
      .catch((err: unknown) => log(`notices: scheduled run failed: ${(err as Error).message}`))
      .finally(() => (running = null));
  };
  schedule();
  const timer = setInterval(schedule, options.scheduleEveryMs ?? 3_600_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    await sender.stop();
    current = null;
  };
}
