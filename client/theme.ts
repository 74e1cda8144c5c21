import type { ThemeConfig } from 'antd';

/**
 * antd's theme with every text at WCAG AA contrast (4.5:1) on its background; the wall mode keeps
 * antd's dark theme. Ratios measured with axe-core (tests/browser/screens.test.ts).
 */
export const CONTRAST_THEME: ThemeConfig = {
  token: {
    // antd's default blue and grey texts fall below 4.5:1 on white; these meet it.
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorTextSecondary: 'rgba(0,0,0,0.66)',
    colorTextTertiary: 'rgba(0,0,0,0.62)',
    colorTextDescription: 'rgba(0,0,0,0.62)',
    colorTextPlaceholder: 'rgba(0,0,0,0.6)',
    // Danger buttons and error texts: red-7 (5.6:1 on white) instead of red-5 (3.3:1).
    colorError: '#cf1322',
  },
  components: {
    // A preset tag writes its colour's 7th shade on the 1st; where that is under 4.5:1 the tag
    // writes a darker shade (green 3.4 → 5.4, orange 3.3 → 5.1, gold 2.8 → 6.5, …).
    Tag: {
      green7: '#237804',
      orange7: '#ad4e00',
      gold7: '#874d00',
      volcano7: '#ad2102',
      yellow7: '#876800',
      lime7: '#3f6600',
      cyan7: '#006d75',
    },
    // A table's empty text ("没有待审核的数据") is drawn in the disabled grey (1.8:1).
    Table: { colorTextDisabled: 'rgba(0,0,0,0.62)' },
  },
};
