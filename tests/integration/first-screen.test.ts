import { describe, expect } from 'vitest';
import { test } from '../fixtures';

describe('firstScreen.get', () => {
  test('agrees with the board for the month and compares with the month before', async ({ api }) => {
    const planId = 'changping-2022';
    const screen = await api.firstScreen.get({ planId, period: '2022-10' });
    const october = await api.board.overview({ planId, period: '2022-10' });
    const september = await api.board.overview({ planId, period: '2022-09' });
    expect(screen.previousPeriod).toBe('2022-09');

    const count = (items: { evaluation: { status: string } }[], status: string) =>
      items.filter((i) => i.evaluation.status === status).length;
    for (const status of ['achieved', 'behind', 'on_track']) {
      expect(screen.indicators[status], status).toBe(count(october.indicators, status));
      expect(screen.milestones[status], status).toBe(count(october.milestones, status));
    }

    const statusIn = (month: typeof october) =>
      new Map([...month.indicators, ...month.milestones].map((i) => [i.code, i.evaluation.status]));
    const now = statusIn(october);
    const before = statusIn(september);
    const red = (s: string | undefined) => s === 'behind' || s === 'missed';
    const newlyAchieved = [...now].filter(([code, s]) => s === 'achieved' && before.get(code) !== 'achieved');
    expect(screen.newlyAchieved.sort()).toEqual(newlyAchieved.map(([code]) => code).sort());
    const newlyBehind = [...now].filter(([code, s]) => red(s) && !red(before.get(code)));
    expect(screen.newlyBehind.sort()).toEqual(newlyBehind.map(([code]) => code).sort());

    expect(screen.red.map((r) => r.code).sort()).toEqual(
      [...now]
        .filter(([, s]) => red(s))
        .map(([code]) => code)
        .sort(),
    );
    const i415 = screen.red.find((r) => r.code === 'I-41-5');
    expect(i415?.lead?.name).toBe('区发展改革委');

    // every numeric indicator with a completion is in the chart, furthest behind first
    const gaps = screen.progress.map((p) => p.gap ?? 0);
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
    expect(screen.progress.length).toBe(october.indicators.filter((i) => i.evaluation.taskProgress !== null).length);
  });

  test('names a missing plan', async ({ api }) => {
    await expect(api.firstScreen.get({ planId: 'nope' })).rejects.toThrow("No plan 'nope'");
  });
});
