import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';

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

main().catch((e: Error) => {
  process.stderr.write(`qinwatt: failed to start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
