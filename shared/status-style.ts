// How each status is named and coloured, everywhere (board, charts, exports). Every status also
// carries a symbol so it reads without colour (greyscale print, colour-blind readers). Each colour
// has at least 4.5:1 contrast with white (WCAG AA), both ways round: white text on a status tag, and
// status-coloured text on the white page.
import type { Lang } from './format';
import type { MilestoneState, Status } from './status';

interface StatusStyle {
  zh: string;
  en: string;
  color: string;
  symbol: string;
}

export const STATUS_STYLE: Readonly<Record<Status, StatusStyle>> = {
  achieved: { zh: '已完成', en: 'Achieved', color: '#237804', symbol: '✔' },
  on_track: { zh: '序时推进', en: 'On track', color: '#006d75', symbol: '●' },
  at_risk: { zh: '略有滞后', en: 'At risk', color: '#ad4e00', symbol: '▲' },
  behind: { zh: '明显滞后', en: 'Behind', color: '#cf1322', symbol: '■' },
  missed: { zh: '未完成', en: 'Missed', color: '#a8071a', symbol: '✖' },
  not_reported: { zh: '未报送', en: 'Not reported', color: '#595959', symbol: '◌' },
  not_yet_due: { zh: '未到期', en: 'Not yet due', color: '#595959', symbol: '○' },
  no_data: { zh: '无数据', en: 'No data', color: '#666666', symbol: '–' },
};

export function statusLabel(status: Status, lang: Lang): string {
  return STATUS_STYLE[status][lang];
}

/** Milestone states as the board, the charts and the sentences name them. */
export const MILESTONE_STATE_LABEL: Readonly<Record<MilestoneState, { zh: string; en: string }>> = {
  not_started: { zh: '尚未启动', en: 'Not started' },
  in_progress: { zh: '正在推进', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
};
