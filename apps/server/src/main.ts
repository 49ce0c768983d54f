import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { DataDirBusy, lockDataDir, type DataDirLock } from './instance/data-dir-lock.js';
import { portsOf, unavailablePorts } from './instance/port-check.js';

const SHUTDOWN_LIMIT_MS = 5_000;

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`qinwatt: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  // before anything reads or writes the data: one platform per data directory, and every port free
  const lock = await claim(config);
  if (process.argv.includes('--preflight')) {
    // npm start asks this of the previous build before it builds: a busy port or data directory fails at once
    lock.release();
    return;
  }
  // loaded only now: a refused start does not pay for loading the whole application
  const { bootstrap } = await import('./bootstrap.js');
  const app = await bootstrap(config);
  // Nest's own shutdown hooks re-raise the signal after closing, which ends the process with no exit code;
  // a supervisor should see 0 for a clean stop, so the signals are handled here.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`qinwatt: ${signal}, shutting down\n`);
    const watchdog = setTimeout(() => {
      process.stderr.write('qinwatt: shutdown took over 5 s, exiting\n');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    app.close().then(
      () => {
        clearTimeout(watchdog);
        process.exit(0);
      },
      (e: Error) => {
        process.stderr.write(`qinwatt: shutdown failed: ${e.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function claim(config: AppConfig): Promise<DataDirLock> {
  let lock: DataDirLock;
  try {
    lock = lockDataDir(config.dataDir);
  } catch (e) {
    if (!(e instanceof DataDirBusy)) throw e;
    process.stderr.write(`qinwatt: ${e.message}\n`);
    process.exit(3);
  }
  if (lock.replaced)
    process.stderr.write(
      `qinwatt: ${config.dataDir} was held by process ${lock.replaced.pid}, which has gone without releasing it\n`,
    );
  // released however the process ends but SIGKILL, which leaves a file the next start recognises as stale
  process.once('exit', () => lock.release());
  const busy = await unavailablePorts(portsOf(config));
  if (busy.length) {
    process.stderr.write(`qinwatt: cannot listen:\n${busy.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(3);
  }
  return lock;
}

main().catch((e: Error) => {
  process.stderr.write(`qinwatt: failed to start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
