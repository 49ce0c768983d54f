import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: {
      '#contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)),
      '#ledger': fileURLToPath(new URL('../../libs/ledger/src/index.ts', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // four pages: the operators' console, the regulators' view, the energy ledger and the technicians' page
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('index.html', import.meta.url)),
        regulator: fileURLToPath(new URL('regulator.html', import.meta.url)),
        ledger: fileURLToPath(new URL('ledger.html', import.meta.url)),
        technician: fileURLToPath(new URL('technician.html', import.meta.url)),
      },
      // the contracts' modules only declare things: one the console takes nothing from (the API body schemas, and
      // zod with them) is left out of the bundle
      treeshake: { moduleSideEffects: (id) => !id.includes('/libs/contracts/') },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } } },
});
