import { readFileSync } from 'node:fs';
import { build } from 'vite';
const html = readFileSync('dist/client/index.html', 'utf8');
const files = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
const sizes: Record<string, number> = {};
await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { write: false }, plugins: [{
  name: 'an', generateBundle(_o, bundle) {
    console.log('missing', [...files].filter((f) => !bundle[f!]));
    for (const f of files) { const c = bundle[f!] as any; if (!c) continue; for (const [id, m] of Object.entries<any>(c.modules)) {
      const nm = id.includes('node_modules');
      const rest = nm ? id.replace(/.*node_modules\//, '') : id.replace(/.*\/main\//, '');
      const key = rest.split('/').slice(0, nm ? (rest.startsWith('@') ? 3 : 2) : 3).join('/');
      sizes[key] = (sizes[key] ?? 0) + m.renderedLength; } }
  } }] });
console.log(Object.entries(sizes).sort((a, b) => b[1] - a[1]).slice(0, 45).map(([k, v]) => `${(v / 1024).toFixed(0).padStart(6)} KiB  ${k}`).join('\n'));
