// A file refused as a whole: nothing of it is read further and nothing is written. The code lets
// the page react (offer the sheet list for `several_sheets`); the message says what to do.

export const REFUSAL_STATUS = {
  missing_file: 400,
  bad_request: 400,
  cross_site: 403,
  too_large: 413,
  too_many_rows: 413,
  empty: 422,
  xls: 415,
  encrypted: 415,
  html: 415,
  xml_2003: 415,
  ods: 415,
  xlsb: 415,
  not_spreadsheet: 415,
  zip_entries: 422,
  zip_size: 422,
  zip_mismatch: 422,
  zip_corrupt: 422,
  sheet_dimension: 422,
  unreadable_xlsx: 422,
  no_header: 422,
  other_shape: 422,
  several_sheets: 422,
  no_such_sheet: 422,
  no_data: 422,
  merged_cells: 422,
  too_complex: 422,
  timeout: 422,
  busy: 503,
  checking: 429,
} as const;
export type RefusalCode = keyof typeof REFUSAL_STATUS;

export interface RefusalBody {
  code: RefusalCode;
  message: string;
  /** For `several_sheets` and `no_such_sheet`: the sheets to choose from. */
  sheets?: string[];
}

export class UploadRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly sheets?: string[],
  ) {
    super(message);
  }

  get status(): number {
    return REFUSAL_STATUS[this.code];
  }

  toJSON(): RefusalBody {
    return { code: this.code, message: this.message, ...(this.sheets ? { sheets: this.sheets } : {}) };
  }
}
