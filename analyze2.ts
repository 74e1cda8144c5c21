import { build } from 'vite';
await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { write: false }, plugins: [{
  name: 'an', buildEnd() {
    for (const id of this.getModuleIds()) {
      if (/@rc-component\/(menu|tabs|async-validator|input|notification|dialog|picker)\/(es|lib)\/index\.js$/.test(id) || /antd\/lib\//.test(id) && /index/.test(id))
        console.log(id.replace(/.*node_modules\//,''), '<-', this.getModuleInfo(id)!.importers.map((i) => i.replace(/.*node_modules\//,'')).join(', '));
    }
  } }] });
