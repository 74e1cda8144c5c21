// UI strings, Chinese first. Status names come from shared/status-style.ts, not from here.
import { useSearchParams } from 'react-router';

export type Lang = 'zh' | 'en';

const strings = {
  appName: { zh: '方案监测', en: 'Plan Monitor' },
  overview: { zh: '总览', en: 'Overview' },
  unitsView: { zh: '责任单位', en: 'Units' },
  reportPeriod: { zh: '报告期', en: 'Report month' },
  demo: { zh: '示例数据', en: 'Demo data' },
  demoNote: {
    zh: '当前显示的是示例数据，并非各单位实际报送的数字。',
    en: 'These are demo figures, not figures reported by the units.',
  },
  indicators: { zh: '量化指标', en: 'Numeric indicators' },
  milestones: { zh: '任务节点', en: 'Milestone tasks' },
  leadUnit: { zh: '牵头单位', en: 'Lead unit' },
  units: { zh: '责任单位', en: 'Responsible units' },
  anyRole: { zh: '牵头或配合', en: 'Lead or support' },
  leadOnly: { zh: '仅牵头', en: 'Lead only' },
  allSections: { zh: '全部部分', en: 'All sections' },
  allUnits: { zh: '全部单位', en: 'All units' },
  allKinds: { zh: '全部类型', en: 'All kinds' },
  search: { zh: '搜索措施内容', en: 'Search measures' },
  sortPlan: { zh: '按方案顺序', en: 'Plan order' },
  sortGap: { zh: '按差距排序', en: 'By gap' },
  clearFilters: { zh: '清除筛选', en: 'Clear filters' },
  noMatch: { zh: '没有符合条件的措施。', en: 'No measure matches these filters.' },
  target: { zh: '目标', en: 'Target' },
  loading: { zh: '加载中…', en: 'Loading…' },
  loadFailed: { zh: '数据加载失败', en: 'Could not load the data' },
  retry: { zh: '重试', en: 'Retry' },
  noPlan: { zh: '尚未载入任何方案。', en: 'No plan has been loaded.' },
  switchLang: { zh: 'English', en: '中文' },
  back: { zh: '返回总览', en: 'Back to overview' },
  fullText: { zh: '措施原文', en: 'Full text' },
  chart: { zh: '图表', en: 'Chart' },
  table: { zh: '数据表', en: 'Table' },
  leads: { zh: '牵头措施', en: 'Leads' },
  supports: { zh: '配合措施', en: 'Supports' },
  laggingShare: { zh: '滞后占比', en: 'Share lagging' },
  ranking: {
    zh: '按量化指标滞后占比排序（明显滞后与未完成）',
    en: 'Ranked by the share of numeric indicators behind or missed',
  },
  measureNotFound: { zh: '没有这条措施。', en: 'No such measure.' },
  login: { zh: '登录', en: 'Log in' },
  logout: { zh: '退出', en: 'Log out' },
  loginFailed: { zh: '登录失败', en: 'Login failed' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  newPassword: { zh: '新密码', en: 'New password' },
  usernameRequired: { zh: '请填写用户名', en: 'Enter a username' },
  passwordRequired: { zh: '请填写密码', en: 'Enter a password' },
  passwordRule: { zh: '密码至少 8 位', en: 'At least 8 characters' },
  displayName: { zh: '姓名', en: 'Name' },
  displayNameRequired: { zh: '请填写姓名', en: 'Enter a name' },
  demoAccounts: { zh: '示例账号（点击填入）', en: 'Demo accounts (click to fill in)' },
  role: { zh: '角色', en: 'Role' },
  usersTitle: { zh: '用户管理', en: 'Users' },
  newUser: { zh: '新建用户', en: 'New user' },
  edit: { zh: '编辑', en: 'Edit' },
  enabled: { zh: '启用', en: 'Enabled' },
  resetPassword: { zh: '重置密码', en: 'Reset password' },
  saved: { zh: '已保存', en: 'Saved' },
  saveFailed: { zh: '保存失败', en: 'Could not save' },
  kind_cumulative: { zh: '累计型', en: 'Cumulative' },
  kind_ceiling: { zh: '上限型', en: 'Ceiling' },
  kind_floor: { zh: '下限型', en: 'Floor' },
  kind_spread: { zh: '差值型', en: 'Spread' },
  kind_range: { zh: '区间型', en: 'Range' },
  kind_milestone: { zh: '任务节点', en: 'Milestone' },
} as const;

export type StringKey = keyof typeof strings;

export function t(key: StringKey, lang: Lang): string {
  return strings[key][lang];
}

/** The UI language lives in the URL (?lang=en), so a shared link opens in the same language. */
export function useLang(): Lang {
  const [params] = useSearchParams();
  return params.get('lang') === 'en' ? 'en' : 'zh';
}
