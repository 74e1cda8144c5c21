// What an upload may be. Each limit is checked before the work it protects: size while the file
// arrives, zip entries and declared sizes before anything is inflated, declared sheet dimensions
// before a sheet is parsed, rows while they are read; the worker's heap and time bound the rest.

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Data rows below the header, blank ones not counted. */
export const MAX_DATA_ROWS = 100_000;
/** Where to look for the header row (title rows and notes may come first). */
export const HEADER_SEARCH_ROWS = 30;
/** Columns read per row; anything to the right is ignored. */
export const MAX_COLUMNS = 200;

/** A workbook written by Excel has a few dozen entries; thousands means something else. */
export const MAX_ZIP_ENTRIES = 2_000;
/** Total uncompressed size the zip's central directory may declare. */
export const MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
/** A sheet's declared `<dimension ref>` beyond these is refused as absurd. */
export const MAX_SHEET_ROWS = 120_000;
export const MAX_SHEET_COLUMNS = 1_000;

/** The parse worker: its own heap ceiling (the server's is untouched if it runs out) and time. */
export const WORKER_HEAP_MB = 512;
/**
 * Its young generation: a parse keeps little (records leave in chunks), so a small one is
 * collected often and cheaply. At 16 MB a 100,000-row parse grew the process by ~12 MB more than
 * at 4, and was no faster (npm run bench, 2026-11-28).
 */
export const WORKER_YOUNG_MB = 4;
/**
 * The parse thread's nice value: below the server's own thread, so on a busy machine the board's
 * requests are answered first and a parse takes the CPU they leave (on an idle one it changes
 * nothing). On Linux a nice value belongs to a thread (worker.ts sets its own).
 */
export const WORKER_NICE = 10;
export const WORKER_TIMEOUT_MS = 60_000;
/** Parses at once; more wait their turn (each may use WORKER_HEAP_MB). */
export const MAX_PARALLEL_PARSES = 2;
export const MAX_QUEUED_PARSES = 8;

/** How long a dry run can be committed. */
export const PREVIEW_TTL_MS = 2 * 60 * 60_000;
export const MAX_NOTE_CHARS = 500;
export const MAX_FILE_NAME_CHARS = 200;
