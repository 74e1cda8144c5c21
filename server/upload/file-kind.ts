// What a file really is, from its first bytes rather than its name: people rename .xls and web
// pages to .xlsx, and CSVs come in several encodings.
import { refusals } from './messages';
import { UploadRefusal } from './refusal';

export type FileKind = 'xlsx-zip' | 'csv';

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const utf16 = (text: string) => Buffer.from(text, 'utf16le');

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OTHER_BINARY = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
];

/** An OLE2 compound file is an old .xls, or an .xlsx encrypted with a password (same container). */
function oleKind(bytes: Buffer): UploadRefusal {
  if (bytes.includes(utf16('EncryptedPackage')) || bytes.includes(utf16('EncryptionInfo')))
    return new UploadRefusal('encrypted', refusals.encrypted());
  if (bytes.includes(utf16('Workbook')) || bytes.includes(utf16('Book')))
    return new UploadRefusal('xls', refusals.xls());
  return new UploadRefusal('not_spreadsheet', refusals.notSpreadsheet());
}

/**
 * UTF-16 text saved without a byte-order mark: every ASCII character (digits, separators, line
 * ends) has a zero byte beside it, always on the same side, and no pair is all zeros.
 */
export function utf16WithoutBom(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return null;
  let zeroLow = 0;
  let zeroHigh = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0 && bytes[i + 1] === 0) return null;
    if (bytes[i] === 0) zeroLow++;
    if (bytes[i + 1] === 0) zeroHigh++;
  }
  const pairs = n / 2;
  if (zeroHigh >= pairs / 4 && zeroLow === 0) return 'utf-16le';
  if (zeroLow >= pairs / 4 && zeroHigh === 0) return 'utf-16be';
  return null;
}

/** The kind of a file to read, or the refusal that names what it is instead. */
export function fileKind(bytes: Buffer): FileKind {
  if (bytes.length === 0) throw new UploadRefusal('empty', refusals.empty());
  if (startsWith(bytes, ZIP)) return 'xlsx-zip';
  if (startsWith(bytes, EMPTY_ZIP)) throw new UploadRefusal('not_spreadsheet', refusals.notSpreadsheet());
  if (startsWith(bytes, OLE2)) throw oleKind(bytes);
  if (OTHER_BINARY.some((magic) => startsWith(bytes, magic)))
    throw new UploadRefusal('not_spreadsheet', refusals.notSpreadsheet());

  const utf16Bom =
    startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]) || utf16WithoutBom(bytes) !== null;
  const head = bytes.subarray(0, 8192);
  if (!utf16Bom && head.includes(0)) throw new UploadRefusal('not_spreadsheet', refusals.notSpreadsheet());
  const text = (utf16Bom ? '' : head.toString('latin1'))
    .replace(/^\xef\xbb\xbf/, '')
    .trimStart()
    .toLowerCase();
  if (!utf16Bom && text === '' && bytes.length <= 8192) throw new UploadRefusal('empty', refusals.empty());
  if (/^<(!doctype html|html|table|head|body|meta)\b/.test(text) || /<html[\s>]/.test(text))
    throw new UploadRefusal('html', refusals.html());
  if (text.startsWith('<?xml'))
    throw text.includes('urn:schemas-microsoft-com:office:spreadsheet')
      ? new UploadRefusal('xml_2003', refusals.xml2003())
      : new UploadRefusal('not_spreadsheet', refusals.notSpreadsheet());
  if (text.startsWith('{\\rtf')) throw new UploadRefusal('not_spreadsheet', refusals.notSpreadsheet());
  return 'csv';
}
