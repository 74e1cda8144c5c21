// Modules the start-up path leaves out. ECharts with react-dom/server (the first screen, chart
// SVGs), exceljs, docx, pptxgenjs, mammoth, resvg and the font subsetter are imported where they
// are used, with `await import()`: loaded before listening they took more than half of a 3 s
// restart. The first screen is what the first visitor asks for, so main.ts loads it as soon as the
// server answers, and /readyz waits for it. The others load on first use (exceljs, bundled into
// dist/server, in ~0.1 s), not in the background, where their synchronous loading would stall
// whatever request came in meanwhile.
export async function preloadFirstScreen(): Promise<void> {
  await import('./render/first-paint');
}
