import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS } from './dashboards.js';

/** Writes deploy/grafana/dashboards/*.json, ready for Grafana's file provisioning or the import dialog. */
const outDir = fileURLToPath(new URL('../../../deploy/grafana/dashboards/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const [name, build] of Object.entries(DASHBOARDS)) {
  writeFileSync(`${outDir}${name}.json`, JSON.stringify(build(), null, 2) + '\n');
  process.stdout.write(`wrote deploy/grafana/dashboards/${name}.json\n`);
}
