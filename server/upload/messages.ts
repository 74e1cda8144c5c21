// Every message an upload can answer with, in plain Chinese: what is wrong, where, and what to do.
// File-level refusals (nothing is read further) and the wording of a problem in one cell.
import { formatNumber, formatPeriod } from '../../shared/format';
import {
  MAX_DATA_ROWS,
  MAX_FILE_BYTES,
  MAX_NOTE_CHARS,
  MAX_SHEET_COLUMNS,
  MAX_SHEET_ROWS,
  MAX_UNCOMPRESSED_BYTES,
  MAX_ZIP_ENTRIES,
  WORKER_TIMEOUT_MS,
} from './limits';

const mb = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 1)} MB`;
const quoted = (names: string[]) => names.map((n) => `“${n}”`).join('、');
/** The two table shapes an upload reads (table.ts, wide.ts). */
const ACCEPTED_SHAPES =
  '可导入的表有两种：每行一个指标、一个月份，列标题含“指标代码”或“指标名称”以及“本月数值”；或每行一个指标、每月一列，列标题含“指标代码”或“指标名称”以及各月份（如“1月”…“10月”“2022年1月”，年份可合并写在月份上方）';
const SAVE_AS_XLSX = '请在 Excel 中打开，另存为“Excel 工作簿（.xlsx）”后再上传';
/** What a cell says, cut short when long: a message quotes it, never 10 MB of it. */
const snippet = (text: string) =>
  text.length > 40 ? `${text.slice(0, 30)}…（共 ${formatNumber(text.length)} 字）` : text;

export const refusals = {
  missingFile: () => '请选择要上传的文件（.xlsx 或 .csv）',
  oneFileOnly: () => '一次只能上传一个文件',
  notMultipart: () => '没有收到文件：上传须以表单（multipart/form-data）提交，请在本系统的上传页面选择文件',
  incomplete: () => '上传没有完成（连接中断或数据不完整），请重新上传',
  tooLarge: () => `文件超过 ${mb(MAX_FILE_BYTES)} 上限，请删去无关的工作表、图片或行后再上传`,
  empty: () => '文件是空的，请选择填好的报送表重新上传',
  xls: () => `这是旧版 .xls 文件，系统只读取 .xlsx 和 .csv。${SAVE_AS_XLSX}`,
  encrypted: () =>
    '文件设置了打开密码，系统无法读取。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），保存后再上传',
  html: () => `这是网页（HTML）文件，只是扩展名像 Excel（常见于从网站导出的表格）。${SAVE_AS_XLSX}`,
  xml2003: () => `这是 Excel 2003 XML 表格，不是 .xlsx。${SAVE_AS_XLSX}`,
  ods: () => `这是 OpenDocument 表格（.ods）。请另存为“Excel 工作簿（.xlsx）”后再上传`,
  xlsb: () => `这是 Excel 二进制工作簿（.xlsb）。${SAVE_AS_XLSX}`,
  notSpreadsheet: () => '无法识别的文件：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv），建议使用系统下载的报送模板',
  zipEntries: (n: number) =>
    `文件结构异常：内部包含 ${formatNumber(n)} 个部件（上限 ${formatNumber(MAX_ZIP_ENTRIES)}），不像正常的报送表，已拒绝。请只保留报送表后另存再上传`,
  zipSize: (bytes: number) =>
    `文件解压后将达 ${mb(bytes)}（上限 ${mb(MAX_UNCOMPRESSED_BYTES)}），可能是“压缩炸弹”或含有大量无关内容，已拒绝。请只保留报送表后另存再上传`,
  zipMismatch: (entry: string) => `文件结构异常：部件“${entry}”解压后的大小与文件声明不符，已拒绝`,
  zipCorrupt: () => `文件已损坏，无法解压。${SAVE_AS_XLSX}`,
  sheetDimension: (sheet: string, ref: string, rows: number, cols: number) =>
    `工作表“${sheet}”声明的数据范围为 ${ref}（${formatNumber(rows)} 行 × ${formatNumber(cols)} 列），超出可处理的范围（最多 ${formatNumber(MAX_SHEET_ROWS)} 行、${formatNumber(MAX_SHEET_COLUMNS)} 列）。请删除多余的行和列，或把数据区域复制到新工作簿后再上传`,
  unreadableXlsx: () => `无法读取该 .xlsx 文件（文件可能已损坏或由不兼容的软件生成）。${SAVE_AS_XLSX}`,
  tooManyRows: () => `数据超过 ${formatNumber(MAX_DATA_ROWS)} 行上限，请拆分后分批上传`,
  noHeader: (sheets: string[]) =>
    `没有找到表头：${ACCEPTED_SHAPES}。${
      sheets.length > 0 ? `已查看的工作表：${quoted(sheets)}。` : ''
    }建议使用系统下载的报送模板`,
  otherShape: (sheet: string, found: string) =>
    `${sheet ? `工作表“${sheet}”` : '文件'}的格式无法导入：${found}。${ACCEPTED_SHAPES}。建议使用系统下载的报送模板`,
  severalSheets: (sheets: string[], period: string) =>
    `文件中有 ${sheets.length} 个工作表都带有报送表头：${quoted(sheets)}，没有一个的名称或报告期是${formatPeriod(period, 'zh')}。请选择要导入的工作表后重新检查`,
  severalForMonth: (sheets: string[], period: string) =>
    `文件中有 ${sheets.length} 个工作表的名称或报告期都是${formatPeriod(period, 'zh')}：${quoted(sheets)}。请选择要导入的工作表后重新检查`,
  noSuchSheet: (sheet: string, sheets: string[]) =>
    `文件中没有名为“${snippet(sheet)}”的工作表。现有工作表：${quoted(sheets)}`,
  tooManyColumns: (row: number, cols: number) =>
    `第${row}行有 ${formatNumber(cols)} 列，超出可处理的范围（最多 ${formatNumber(MAX_SHEET_COLUMNS)} 列）。请删除多余的列，或把数据区域复制到新文件后再上传`,
  formFields: () => '上传表单中的字段过多：只需提交一个文件以及方案、报告期（和工作表名），请从本系统的上传页面提交',
  mergedCells: (sheet: string, refs: string[]) =>
    `工作表“${sheet}”的数据行中有合并单元格（${refs.slice(0, 5).join('、')}${refs.length > 5 ? ` 等 ${formatNumber(refs.length)} 处` : ''}），这样大的文件不逐行展开合并单元格，无法确定每行的值。请选中数据区域，取消单元格合并并填满每一行后再上传`,
  noData: (wide = false) =>
    `表头下面没有填写任何数值，没有可导入的内容。请在${wide ? '各月份列' : '“本月数值”列'}填写后再上传`,
  tooComplex: () => '文件内容过大或结构过于复杂，读取时超出内存上限，已停止。请只保留报送表后另存再上传',
  timeout: () => `读取文件超过 ${WORKER_TIMEOUT_MS / 1000} 秒，已停止。请只保留报送表后再上传`,
  busy: () => '服务器正在处理其他上传，请稍后再试',
  checking: () => '您上传的上一个文件还在检查中，请等它检查完成后再上传下一个',
  badPeriod: () => '请选择报告期（年月，如 2022-10）',
  futurePeriod: (period: string) => `报告期${formatPeriod(period, 'zh')}尚未到来，不能报送`,
  noPlan: (planId: string) => `没有方案“${planId}”`,
};

/** "第5行“本月数值”列：" — every cell message starts by naming where. */
export const at = (row: number, column?: string) => (column ? `第${row}行“${column}”列：` : `第${row}行：`);

export const cellMessages = {
  noIndicator: () => '没有填写指标代码或指标名称，请补上，或删除此行',
  unknownCode: (code: string) => `没有代码为“${snippet(code)}”的指标，请核对代码（可从报送模板复制）`,
  unknownName: (name: string) => `没有名为“${snippet(name)}”的指标，请填写指标代码，或按报送模板中的名称填写`,
  codeNameMismatch: (name: string, code: string, actualName: string) =>
    `“${snippet(name)}”与指标代码 ${code}（${actualName}）不是同一个指标，请核对后只保留正确的一项`,
  seriesRequired: (code: string, a: string, b: string) =>
    `${code} 是两个增速之差，需分两行填报：代码 ${code}a（${a}）和 ${code}b（${b}），请改用这两个代码`,
  noSeries: (code: string) => `指标 ${code} 没有分序列填报，请去掉代码末尾的字母`,
  outOfScope: (code: string, name: string, unit: string, own: string[]) =>
    `指标 ${code}（${name}）由${unit}报送，不在您负责的单位${own.length > 0 ? `（${own.join('、')}）` : ''}之内，请删除此行`,
  badPeriod: (text: string) => `“${snippet(text)}”不是可识别的月份，请写成“2022-10”或“2022年10月”`,
  ambiguousPeriod: (text: string) =>
    `“${text}”无法判断是 1 月还是 10 月（Excel 会把“2022.10”存成 2022.1），请写成“2022-01”或“2022-10”`,
  periodOutsideIndicator: (period: string, start: string, end: string) =>
    `${formatPeriod(period, 'zh')}不在该指标的统计期间（${formatPeriod(start, 'zh')}至${formatPeriod(end, 'zh')}）内，请改正月份或删除此行`,
  periodAfterReport: (period: string, report: string) =>
    `${formatPeriod(period, 'zh')}晚于所选报告期${formatPeriod(report, 'zh')}，不能提前报送；请改正月份（如指上一年，请写明年份）`,
  notNumber: (text: string) => `“${snippet(text)}”不是数字，请填写阿拉伯数字`,
  tooBig: (text: string) => `“${snippet(text)}”数值过大（绝对值超过 1,000 万亿），请核对单位和数值`,
  scientific: (text: string) =>
    `“${text}”是科学计数法，Excel 这样显示长数字时会丢掉后面的位数。请把该列设为“数值”格式、写出完整数字后重新保存上传`,
  tooPrecise: (text: string) =>
    `“${snippet(text)}”的有效数字超过 15 位，Excel 和本系统都无法原样保存，会被悄悄四舍五入。请按实际精度保留小数后重新填写`,
  dateNotNumber: (date: string) => `单元格是日期（${date}），不是数字。请把单元格格式改为“常规”或“数值”后重新填写`,
  boolNotNumber: () => '单元格是逻辑值（TRUE/FALSE），不是数字，请填写数值',
  formulaNoValue: (formula: string) =>
    `公式“=${snippet(formula)}”没有保存计算结果（文件可能由其他程序生成），请在 Excel 中打开并保存后重新上传，或直接填写数值`,
  errorCell: (error: string) => `单元格是错误值 ${error}，请修正公式或改为填写数值`,
  percentWrongUnit: (text: string, unit: string) =>
    `“${snippet(text)}”带百分号，而该指标的单位是“${unit}”，请填写以${unit}计的数字`,
  /** `plain`: the number as written without its 万/亿 ("1.356" of "1.356万"), never rounded. */
  multiplierWrongUnit: (text: string, multiplier: string, unit: string, scaled: number, plain: string) =>
    `“${text}”带“${multiplier}”字，而该指标的单位是“${unit}”，无法确定含义：如为 ${formatNumber(scaled, 6)} ${unit}，请填写 ${scaled}；如为 ${plain} ${unit}，请删去“${multiplier}”字`,
  suffixWrongUnit: (text: string, suffix: string, unit: string) =>
    `“${snippet(text)}”的单位“${snippet(suffix)}”与该指标的单位“${unit}”不符，请换算为${unit}后只填写数字`,
  duplicate: (code: string, period: string, others: number[]) =>
    `指标 ${code} 的${formatPeriod(period, 'zh')}数值重复出现（另见第${others.join('、')}行），同一指标同一月份只能填一行，请删除多余的行`,
  laterCumulativeLower: (value: string, later: string, laterValue: string, where: string) =>
    `累计值${value}高于之后${formatPeriod(later, 'zh')}的累计值${laterValue}（${where}），累计数一般不会减少，请核对本行或之后的月份，如属实请填写原因`,
  noteTooLong: () => `备注超过 ${MAX_NOTE_CHARS} 字，请精简`,
};

export const warningMessages = {
  converted: (text: string, value: number, unit: string) => `“${text}”已按 ${formatNumber(value)} ${unit} 计入`,
  needsReason: (old: string) => `修改已报送的数值（原为 ${old}），提交时需填写修改原因`,
  noteChanged: () => '数值未变，备注有改动',
};

export const fileNotes = {
  encoding: (name: string) => `按 ${name} 编码读取`,
  semicolon: () => '分隔符为分号，数字中的逗号按小数点读取',
  openQuote: (row: number) =>
    `第${row}行的引号没有配对（以 " 开头的内容没有结束的 "），该行起按原样逐行读取，请核对这些行；最好在 Excel 中重新另存为 CSV`,
  tab: () => '分隔符为制表符',
  blankRows: (rows: number[]) =>
    `有 ${rows.length} 行没有填写“本月数值”，未导入（第${rows.slice(0, 10).join('、')}${rows.length > 10 ? '等' : ''}行）`,
  totalRows: (rows: number[]) => `已跳过合计行（第${rows.join('、')}行）`,
  noPeriodColumn: (period: string) => `文件没有“报告期”列，各行均按${formatPeriod(period, 'zh')}导入`,
  noNoteColumn: () => '文件没有“备注”列，已报送的备注保持不变',
  twoRowHeader: (row: number) => `表头占两行（第${row}–${row + 1}行）`,
  wide: (months: string[]) =>
    `每行一个指标、每月一列：按${months.length > 3 ? `“${months[0]}”…“${months[months.length - 1]}”` : months.map((m) => `“${m}”`).join('')}共 ${months.length} 个月份列读取，空白的月份不导入`,
  wideNote: () => '每行的“备注”随该行填写的最后一个月份导入，其他月份已报送的备注保持不变',
  wideBlankRows: (rows: number[]) =>
    `有 ${rows.length} 行没有填写任何月份的数值，未导入（第${rows.slice(0, 10).join('、')}${rows.length > 10 ? '等' : ''}行）`,
  sheetForMonth: (sheet: string, period: string) => `按报告期${formatPeriod(period, 'zh')}读取工作表“${sheet}”`,
};
