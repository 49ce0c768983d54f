import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A real qinwatt server process (the compiled build), on ephemeral loopback ports. */
export interface ServerProcess {
  proc: ChildProcess;
  httpUrl: string;
  mqttUrl: string;
  /** set when the server was started with QW_MQTTS_PORT / QW_MQTT_WS_PORT */
  mqttsUrl?: string;
  mqttWsUrl?: string;
  dataDir: string;
  logs: string[];
  /** sends a signal and resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const SERVER_MAIN = join(process.cwd(), 'dist/apps/server/src/main.js');
export const TEST_FLEET = join(process.cwd(), 'test/fixtures/fleet.json');

export async function startServer(env: Record<string, string> = {}, timeoutMs = 20_000): Promise<ServerProcess> {
  const dataDir = env.QW_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'qw-test-'));
  const proc = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      QW_HTTP_PORT: '0',
      QW_MQTT_PORT: '0',
      QW_DATA_DIR: dataDir,
      QW_DEMO: 'false',
      QW_FLEET_FILE: TEST_FLEET,
      QW_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.stderr!.on('data', (b: Buffer) => logs.push(b.toString()));
  const ready = new Promise<{ httpUrl: string; mqttUrl: string; mqttsUrl?: string; mqttWsUrl?: string }>(
    (resolve, reject) => {
      let mqttUrl = '';
      const extra: { mqttsUrl?: string; mqttWsUrl?: string } = {};
      const timer = setTimeout(() => {
        // a server that never became ready must not outlive the test (it would keep jest from exiting)
        proc.kill('SIGKILL');
        reject(new Error(`server not ready:\n${logs.join('')}`));
      }, timeoutMs);
      exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited ${code}:\n${logs.join('')}`));
      });
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        logs.push(line);
        if (!line.startsWith('{')) return;
        const rec = JSON.parse(line) as { msg?: string; port?: number; url?: string };
        if (rec.msg === 'mqtt broker listening') mqttUrl = `mqtt://127.0.0.1:${rec.port}`;
        if (rec.msg === 'mqtts listening') extra.mqttsUrl = `mqtts://127.0.0.1:${rec.port}`;
        if (rec.msg === 'mqtt websocket listening') extra.mqttWsUrl = `ws://127.0.0.1:${rec.port}/mqtt`;
        if (rec.msg === 'qinwatt ready') {
          clearTimeout(timer);
          resolve({ httpUrl: rec.url!, mqttUrl, ...extra });
        }
      });
    },
  );
  const urls = await ready;
  return {
    proc,
    ...urls,
    dataDir,
    logs,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill(signal);
      return exited;
    },
  };
}
