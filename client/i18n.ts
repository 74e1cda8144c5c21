// UI strings, Chinese first. Status names come from shared/status-style.ts, not from here.
export type Lang = 'zh' | 'en';

const strings = {
  appName: { zh: '方案监测', en: 'Plan Monitor' },
  reportPeriod: { zh: '报告期', en: 'Report month' },
  demo: { zh: '示例数据', en: 'Demo data' },
  demoNote: {
    zh: '当前显示的是示例数据，并非各单位实际报送的数字。',
    en: 'These are demo figures, not figures reported by the units.',
  },
  measures: { zh: '项措施', en: 'measures' },
  indicators: { zh: '量化指标', en: 'Numeric indicators' },
  milestones: { zh: '任务节点', en: 'Milestone tasks' },
  leadUnit: { zh: '牵头单位', en: 'Lead unit' },
  units: { zh: '责任单位', en: 'Responsible units' },
  status: { zh: '状态', en: 'Status' },
  measure: { zh: '措施', en: 'Measure' },
  progress: { zh: '进展情况', en: 'Progress' },
  loading: { zh: '加载中…', en: 'Loading…' },
  loadFailed: { zh: '数据加载失败', en: 'Could not load the data' },
  retry: { zh: '重试', en: 'Retry' },
  noPlan: { zh: '尚未载入任何方案。', en: 'No plan has been loaded.' },
  switchLang: { zh: 'English', en: '中文' },
} as const;

export type StringKey = keyof typeof strings;

export function t(key: StringKey, lang: Lang): string {
  return strings[key][lang];
}
