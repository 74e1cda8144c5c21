// How a receipt (回执) reads, on the page, in print and in its .xlsx: the time in Beijing, where
// the figures came from, the counts, and the state of the whole commit and of each item.

/** Review state of one submitted item now; `superseded`: a later submission replaced it. */
export type ItemState = 'submitted' | 'approved' | 'returned' | 'superseded';

export const ITEM_STATE_LABEL: Readonly<Record<ItemState, { zh: string; en: string }>> = {
  submitted: { zh: '待审核', en: 'Awaiting review' },
  approved: { zh: '已通过', en: 'Approved' },
  returned: { zh: '已退回', en: 'Returned' },
  superseded: { zh: '已再次报送', en: 'Submitted again' },
};

/** The state of a commit as its receipt says: some items wait (待审核), or all took effect (已生效). */
export const receiptState = (pending: number, lang: 'zh' | 'en' = 'zh') =>
  pending > 0 ? (lang === 'zh' ? '待审核' : 'Awaiting review') : lang === 'zh' ? '已生效' : 'In effect';

/** An ISO instant as Beijing time (UTC+8, no daylight saving): "2022-11-03 10:00:00（北京时间）". */
export function beijingTime(iso: string, lang: 'zh' | 'en' = 'zh'): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}${lang === 'zh' ? '（北京时间）' : ' (Beijing)'}`;
}

export interface ReceiptSource {
  source: 'entry' | 'upload';
  fileName: string | null;
  sheet: string | null;
  sha256: string | null;
}

/** 网页填报, or the file with its sheet and sha256. */
export function receiptSourceText(r: ReceiptSource, lang: 'zh' | 'en' = 'zh'): string {
  if (r.source === 'entry') return lang === 'zh' ? '网页填报' : 'Web form';
  const sheet = r.sheet ? (lang === 'zh' ? `，工作表“${r.sheet}”` : `, sheet “${r.sheet}”`) : '';
  return lang === 'zh'
    ? `文件“${r.fileName ?? ''}”${sheet}（SHA-256：${r.sha256 ?? ''}）`
    : `File “${r.fileName ?? ''}”${sheet} (SHA-256: ${r.sha256 ?? ''})`;
}

export function receiptCountsText(
  r: { inserted: number; updated: number; unchanged: number },
  lang: 'zh' | 'en' = 'zh',
) {
  return lang === 'zh'
    ? `新增 ${r.inserted} 项，修改 ${r.updated} 项，未变 ${r.unchanged} 项`
    : `${r.inserted} new, ${r.updated} changed, ${r.unchanged} unchanged`;
}
