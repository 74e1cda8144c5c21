// The plan tree with each measure's status and its indicators and milestones for one month. The
// overview page joins plan.tree and board.overview with it, the data export planTree and
// planStatus: the overview answer carries each item once, not again inside the tree.
import type { Status } from '../status';

interface Tree<M> {
  no: number;
  title: string;
  titleEn: string;
  subsections: { no: number; title: string; titleEn: string; measures: M[] }[];
}

interface Month<I, Ms> {
  measures: { no: number; status: Status }[];
  indicators: I[];
  milestones: Ms[];
}

export type BoardMeasure<M, I, Ms> = M & { status: Status; indicators: I[]; milestones: Ms[] };

function byMeasure<T extends { measureNo: number }>(items: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const item of items) {
    const list = map.get(item.measureNo);
    if (list) list.push(item);
    else map.set(item.measureNo, [item]);
  }
  return map;
}

export function boardSections<
  M extends { no: number },
  I extends { measureNo: number },
  Ms extends { measureNo: number },
>(tree: Tree<M>[], month: Month<I, Ms>) {
  const statusOf = new Map(month.measures.map((m) => [m.no, m.status]));
  const indicators = byMeasure(month.indicators);
  const milestones = byMeasure(month.milestones);
  return tree.map((s) => ({
    ...s,
    subsections: s.subsections.map((sub) => ({
      ...sub,
      measures: sub.measures.map((m): BoardMeasure<M, I, Ms> => ({
        ...m,
        // A measure without indicators or milestones has nothing to judge it by.
        status: statusOf.get(m.no) ?? 'no_data',
        indicators: indicators.get(m.no) ?? [],
        milestones: milestones.get(m.no) ?? [],
      })),
    })),
  }));
}
