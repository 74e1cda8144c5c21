// The one clock for business dates: overdue days, "还有N天", the month that is due, the
// briefing's 成文日期. It is TODAY=YYYY-MM-DD from the environment when set (the demo sets its
// own date inside its figures, tests set it explicitly), else the calendar date in Beijing.
// Instants (sessions, lockouts, audit timestamps) stay on the real time: ctx.now().

let fixed: string | null = null;
/** Whether `fixed` is the demo's own date, which going live (正式启用) lets go of. */
let fromDemo = false;

/** The calendar date in Beijing (UTC+8, no daylight saving) at an instant: due dates are local. */
export function chinaDate(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Pin the clock to a date (YYYY-MM-DD), or give null to follow the real date again. */
export function setToday(date: string | null): void {
  if (date !== null && !isIsoDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): '${date}'`);
  fixed = date;
  fromDemo = false;
}

/** Pin the clock to the demo's own date, until the demo ends (endDemoDate). */
export function setDemoToday(date: string): void {
  setToday(date);
  fromDemo = true;
}

/** A plan went live: a clock pinned to the demo's date follows the real date again (TODAY stays). */
export function endDemoDate(): void {
  if (!fromDemo) return;
  fixed = null;
  fromDemo = false;
}

/** Today's date (YYYY-MM-DD) by the server's one clock. */
export function today(): string {
  return fixed ?? chinaDate(new Date());
}

/** Whether the clock is pinned (TODAY or the demo's date) rather than following the real date. */
export function todayIsFixed(): boolean {
  return fixed !== null;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}
