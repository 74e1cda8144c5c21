// What a briefing covers: the whole plan, some sections, the measures of some responsible units
// (lead or support), or hand-picked measures. Resolved against the plan tree to measure numbers
// in plan order; an empty or unknown choice is refused with a message naming it.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { planTree } from '../queries/plan';

export const briefingScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan') }),
  z.object({ kind: z.literal('sections'), sections: z.array(z.number().int().positive()).max(100) }),
  z.object({ kind: z.literal('units'), units: z.array(z.string().min(1).max(100)).max(500) }),
  z.object({ kind: z.literal('measures'), measures: z.array(z.number().int().positive()).max(1000) }),
]);

export type BriefingScope = z.infer<typeof briefingScopeSchema>;

type Tree = Awaited<ReturnType<typeof planTree>>;

const EMPTY: Record<Exclude<BriefingScope['kind'], 'plan'>, string> = {
  sections: '请至少选择一个部分 / Choose at least one section',
  units: '请至少选择一个责任单位 / Choose at least one responsible unit',
  measures: '请至少选择一条措施 / Choose at least one measure',
};

function refuse(message: string): never {
  throw new TRPCError({ code: 'BAD_REQUEST', message });
}

/** The measure numbers a scope covers, in plan order. */
export function resolveScope(tree: Tree, scope: BriefingScope): number[] {
  const all = tree.flatMap((s) => s.subsections.flatMap((sub) => sub.measures.map((m) => ({ ...m, section: s.no }))));
  switch (scope.kind) {
    case 'plan':
      return all.map((m) => m.no);
    case 'sections': {
      if (scope.sections.length === 0) refuse(EMPTY.sections);
      const unknown = scope.sections.filter((no) => !tree.some((s) => s.no === no));
      if (unknown.length > 0) refuse(`方案中没有第${unknown.join('、')}部分 / No section ${unknown.join(', ')}`);
      return all.filter((m) => scope.sections.includes(m.section)).map((m) => m.no);
    }
    case 'units': {
      if (scope.units.length === 0) refuse(EMPTY.units);
      const known = new Set(all.flatMap((m) => m.units.map((u) => u.code)));
      const unknown = scope.units.filter((code) => !known.has(code));
      if (unknown.length > 0)
        refuse(`没有承担本方案措施的单位“${unknown.join('、')}” / No unit '${unknown.join("', '")}' in this plan`);
      return all.filter((m) => m.units.some((u) => scope.units.includes(u.code))).map((m) => m.no);
    }
    case 'measures': {
      if (scope.measures.length === 0) refuse(EMPTY.measures);
      const unknown = scope.measures.filter((no) => !all.some((m) => m.no === no));
      if (unknown.length > 0) refuse(`方案中没有第${unknown.join('、')}条措施 / No measure ${unknown.join(', ')}`);
      return all.filter((m) => scope.measures.includes(m.no)).map((m) => m.no);
    }
  }
}

/** The scope in words, for the document and the snapshot list. */
export function scopeLabel(tree: Tree, scope: BriefingScope, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (scope.kind) {
    case 'plan':
      return zh ? '全部措施' : 'All measures';
    case 'sections':
      return tree
        .filter((s) => scope.sections.includes(s.no))
        .map((s) => (zh ? s.title : s.titleEn))
        .join(zh ? '、' : '; ');
    case 'units': {
      const units = new Map(
        tree
          .flatMap((s) => s.subsections.flatMap((sub) => sub.measures.flatMap((m) => m.units)))
          .map((u) => [u.code, u]),
      );
      return scope.units
        .map((code) => (zh ? units.get(code)?.name : units.get(code)?.nameEn) ?? code)
        .join(zh ? '、' : ', ');
    }
    case 'measures':
      return zh
        ? `第${[...scope.measures].sort((a, b) => a - b).join('、')}条措施`
        : `Measures ${[...scope.measures].sort((a, b) => a - b).join(', ')}`;
  }
}
