// A plan file's text: .txt in UTF-8 or GBK, .docx through mammoth. Files that cannot hold a plan's
// text (empty, PDF or scans, old .doc, binary, too large) are refused with a Chinese message.
import { DraftError } from './draft';

/** Large enough for any plan's text (Changping's is 35 KB; a .docx with images a few MB). */
export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    // Chinese Windows saves .txt as GBK.
    return new TextDecoder('gbk').decode(bytes);
  }
}

export async function readPlanFile(bytes: Uint8Array, fileName: string): Promise<string> {
  if (bytes.length === 0) throw new DraftError('文件是空的，请选择方案的 Word（.docx）或文本（.txt）文件');
  if (bytes.length > MAX_PLAN_FILE_BYTES)
    throw new DraftError(`文件过大（${(bytes.length / 1024 / 1024).toFixed(1)} MB），方案文件不应超过 10 MB`);
  const head = String.fromCharCode(...bytes.slice(0, 8));
  if (head.startsWith('%PDF'))
    throw new DraftError('这是 PDF 文件，无法可靠读取文字（扫描件更无文字）：请上传方案的 Word（.docx）或文本（.txt）');
  if (head.startsWith('\xd0\xcf\x11\xe0'))
    throw new DraftError('这是旧版 Word（.doc）文件：请在 Word 中另存为 .docx 后上传');
  let text: string;
  if (head.startsWith('PK\x03\x04')) {
    if (!/\.docx$/i.test(fileName))
      throw new DraftError('这是压缩文件或 Excel 文件，不是方案文本：请上传 .docx 或 .txt');
    try {
      const { default: mammoth } = await import('mammoth');
      text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
    } catch {
      throw new DraftError('Word 文件已损坏，无法读取');
    }
  } else {
    if (/\.(png|jpe?g|gif|tiff?|bmp|xlsx?|pptx?|zip|rar)$/i.test(fileName))
      throw new DraftError('图片或表格文件不含方案文字：请上传方案的 Word（.docx）或文本（.txt）');
    text = decodeText(bytes);
    let control = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) control++;
    }
    if (control > text.length / 100) throw new DraftError('文件不是文字文件（含大量乱码或二进制内容）');
  }
  if (!text.trim()) throw new DraftError('文件是空的，请选择方案的 Word（.docx）或文本（.txt）文件');
  if (!/[\u4e00-\u9fa5]/.test(text)) throw new DraftError('文件中没有中文文字：扫描件请先转成文字');
  return text;
}
