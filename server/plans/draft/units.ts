// Responsible units: reading "（责任单位：…）" (lead first, role groups such as
// "办公室—区发展改革委、区财政局"), "（A牵头，B、C配合）" and "牵头单位：A；配合单位：B", then
// matching each name to the registry: exact, then known abbreviations (区发改委 = 区发展改革委),
// else a proposed new unit. Placeholders (各镇街, 相关行业主管部门) are groups.
import type { unitKinds } from '../../../shared/plan-schema';

export type UnitKind = (typeof unitKinds)[number];
export interface RegistryUnit {
  code: string;
  name: string;
  nameEn: string;
  kind: UnitKind;
}

export interface ResponsibleName {
  name: string;
  role?: string;
}

/** Abbreviation → the full form used by Beijing's district registries. Applied to both sides. */
const ABBREVIATIONS: [string, string][] = [
  ['发改委', '发展改革委'],
  ['发改局', '发展改革局'],
  ['发展和改革委员会', '发展改革委'],
  ['经信局', '经济信息化局'],
  ['经信委', '经济信息化委'],
  ['人社局', '人力社保局'],
  ['人力资源和社会保障局', '人力社保局'],
  ['住建委', '住房城乡建设委'],
  ['住建局', '住房城乡建设局'],
  ['城管委', '城市管理委'],
  ['文旅局', '文化旅游局'],
  ['卫健委', '卫生健康委'],
  ['市监局', '市场监管局'],
  ['市场监督管理局', '市场监管局'],
  ['规自委', '规划自然资源委'],
  ['生态环境保护局', '生态环境局'],
  ['农业农村委', '农业农村局'],
  ['应急管理局', '应急局'],
  ['退役军人事务局', '退役军人局'],
  ['医疗保障局', '医保局'],
  ['政务服务管理局', '政务服务局'],
  ['国有资产监督管理委员会', '国资委'],
  ['科学技术委员会', '科委'],
  ['财政局', '财政局'],
];

const GROUP = /^(各|相关|有关|其他|其它|区级相关|区有关|区相关|属地)|各部门$|等部门$/;

/** A name in its canonical long form, for comparing names written in different forms. */
export function normalise(name: string): string {
  let n = name.replace(/\s|\u3000/g, '').replace(/^(昌平)?区(政府)?/, '区');
  for (const [short, long] of ABBREVIATIONS) n = n.replace(short, long);
  return n;
}

export function guessKind(name: string): UnitKind {
  if (GROUP.test(name)) return 'group';
  if (/(镇|乡|街道|街道办事处|地区办事处)$/.test(name)) return 'town';
  if (/(公司|集团|银行)$/.test(name)) return 'company';
  if (/(管委会|支队|大队|分局|中心|组|专班|调查队|园区)$/.test(name) && !/^区/.test(name)) return 'agency';
  return 'department';
}

/** The text inside the responsibility parentheses, split into names with their role groups. */
export function splitResponsible(content: string): ResponsibleName[] {
  let text = content.replace(/\s|\u3000/g, '');
  // Notes after the names ("具体任务均涉及各街道，不再做分工，下同。") name nobody by themselves.
  text = text.replace(/[。；;][^。；;]*(不再(做|作)?分工|下同)[^。；;]*[。；;]?$/, '');
  // 牵头单位：A；配合单位：B  →  A，B
  text = text.replace(/(牵头|责任|主责|负责|配合|参与|协办)(单位|部门)[：:]/g, '，');
  // A牵头，B、C配合 / A负责
  text = text.replace(/(牵头|负责|配合|参与|按职责分工负责|分别负责)(?=[，,；;。]|$)/g, '');
  const out: ResponsibleName[] = [];
  for (const segment of text.split(/[，,；;。]/)) {
    if (!segment) continue;
    const roleMatch = /^([^—－–\-:：、]{1,20}?)[—－–\-:：]+(.+)$/.exec(segment);
    const role = roleMatch?.[1];
    const names = (roleMatch?.[2] ?? segment).split(/[、/]/);
    for (const raw of names) {
      // "区住建局等部门" names 区住建局; "区级相关部门" stays a group (GROUP below).
      const name = raw.replace(/等(部门|单位)?$/, '').replace(/^及/, '');
      if (name) out.push(role ? { name, role } : { name });
    }
  }
  return out;
}

export interface UnitMatch {
  unit: RegistryUnit;
  how: 'exact' | 'alias' | 'new';
}

/**
 * Matches names to a registry that grows as new names are proposed, so the same new name in two
 * measures gets one code. `codeFor` makes the slug of a new unit.
 */
export class UnitMatcher {
  private readonly byName = new Map<string, RegistryUnit>();
  private readonly byNormal = new Map<string, RegistryUnit>();
  readonly proposed: RegistryUnit[] = [];
  private readonly codes = new Set<string>();

  constructor(registry: readonly RegistryUnit[]) {
    for (const u of registry) this.remember(u);
  }

  private remember(u: RegistryUnit) {
    this.byName.set(u.name, u);
    this.byNormal.set(normalise(u.name), u);
    this.codes.add(u.code);
  }

  match(name: string): UnitMatch {
    const exact = this.byName.get(name);
    if (exact) return { unit: exact, how: 'exact' };
    const alias = this.byNormal.get(normalise(name));
    if (alias) return { unit: alias, how: 'alias' };
    const kind = guessKind(name);
    let n = this.proposed.length + 1;
    while (this.codes.has(`new-unit-${n}`)) n++;
    const unit: RegistryUnit = { code: `new-unit-${n}`, name, nameEn: name, kind };
    this.proposed.push(unit);
    this.remember(unit);
    return { unit, how: 'new' };
  }
}
