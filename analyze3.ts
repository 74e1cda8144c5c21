import { build } from 'vite';
await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { write: false }, plugins: [{
  name: 'an', generateBundle(_o, bundle) {
    for (const c of Object.values<any>(bundle)) if (c.type === 'chunk') for (const [id, m] of Object.entries<any>(c.modules)) if (/react-router|react-dom/.test(id)) console.log(c.fileName, (m.renderedLength/1024).toFixed(0), id.replace(/.*node_modules\//,''));
  } }] });
