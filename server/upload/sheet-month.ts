// Which month a worksheet is for, when a workbook keeps one sheet per month ("9月" in front of
// "10月"): from the sheet's name, a 报告期 cell or a title above its header, or the 报告期 column
// of its first record. The upload reads the one sheet whose month is the chosen report month.
import type { Period } from '../../shared/period';
import { cellText, matchKey, readPeriod } from './normalize';
import type { Header, Sheet } from './table';

const MONTHS_EN = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** A month written in a longer text: "2022年10月报表", "10月份数据", "1-10月累计", "2022.10". */
const MONTH_IN_TEXT = /\d{4}年\d{1,2}月|\d{4}[.\-/]\d{1,2}(?!\d)|\d{1,2}月|[一二三四五六七八九十]+月/;
const PERIOD_LABEL = /^(?:报告期|统计期|报送月份|填报月份|统计月份|所属期|报表期|月份)[:：]?(.*)$/;

/** The month a text names, on its own or within words ("Oct", "2022年10月报表"). */
export function monthOfText(text: string, report: Period): Period | null {
  const whole = readPeriod({ t: 'text', v: text }, report);
  if (whole.kind === 'ok') return whole.period;
  const key = matchKey(text);
  const en = key.length >= 3 ? MONTHS_EN.findIndex((m) => m.startsWith(key)) : -1;
  if (en >= 0) return `${report.slice(0, 4)}-${String(en + 1).padStart(2, '0')}`;
  const token = MONTH_IN_TEXT.exec(text.normalize('NFKC').replace(/\s+/g, ''));
  if (!token) return null;
  const read = readPeriod({ t: 'text', v: token[0] }, report);
  return read.kind === 'ok' ? read.period : null;
}

/** Whether a sheet with a header says it is for `report`. */
export function sheetIsFor(sheet: Sheet, header: Header, report: Period): boolean {
  if (monthOfText(sheet.name, report) === report) return true;
  const top = sheet.rows.findIndex((r) => r.row >= header.row);
  for (const { cells } of sheet.rows.slice(0, top < 0 ? 0 : top)) {
    const texts = cells.map(cellText);
    for (let k = 0; k < texts.length; k++) {
      const text = texts[k];
      if (!text) continue;
      const label = PERIOD_LABEL.exec(matchKey(text));
      // "报告期：" with the month in the next filled cell, or "报告期：2022年10月" in one.
      const said = label
        ? label[1] || texts.slice(k + 1).find((t) => t !== null)
        : MONTH_IN_TEXT.test(text)
          ? text
          : null;
      if (said && monthOfText(said, report) === report) return true;
    }
  }
  const period = header.columns.period;
  const first = sheet.rows[header.last + 1];
  if (period && first) {
    const read = readPeriod(first.cells[period.index] ?? null, report);
    if (read.kind === 'ok' && read.period === report) return true;
  }
  return false;
}
