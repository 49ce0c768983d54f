import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/lib/procs.js';

export { freePort };

/** An influxd of a test's own, so it can be started late, killed and restarted on the same port and data. */
export class OwnInfluxd {
  proc?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'qw-own-influx-'));
  constructor(
    readonly port: number,
    rpcPort: number,
  ) {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(
      join(this.dir, 'influxdb.conf'),
      [
        'reporting-disabled = true',
        `bind-address = "127.0.0.1:${rpcPort}"`,
        `[meta]\n  dir = "${this.dir}/meta"`,
        `[data]\n  dir = "${this.dir}/data"\n  wal-dir = "${this.dir}/wal"\n  query-log-enabled = false`,
        `[http]\n  bind-address = "127.0.0.1:${port}"\n  log-enabled = false`,
      ].join('\n'),
    );
  }
  static async onFreePorts(): Promise<OwnInfluxd> {
    return new OwnInfluxd(await freePort(), await freePort());
  }
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn('influxd', ['-config', join(this.dir, 'influxdb.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (
        await fetch(`${this.url}/ping`).then(
          (r) => r.status === 204,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('influxd did not answer /ping');
  }
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }
}
