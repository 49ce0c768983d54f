import { spawn, type ChildProcess } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './own-influxd.js';

/** Debian's mosquitto package puts the dynamic-security plugin here. */
export const DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

export interface MosquittoOptions {
  port?: number;
  /** Mosquitto's default (1000) silently drops QoS 0 beyond it; tests set it deliberately */
  maxQueuedMessages?: number;
  /** QoS 1/2 messages in flight per client; 0 = no limit */
  maxInflightMessages?: number;
  /** load the dynamic-security plugin with an admin client (default true) */
  dynsec?: boolean;
  /** extra clients in the initial dynsec configuration, each with its own role of the given ACLs */
  clients?: Array<{ username: string; password: string; acls: DynsecAcl[] }>;
}

export interface DynsecAcl {
  acltype: 'publishClientSend' | 'publishClientReceive' | 'subscribePattern' | 'subscribeLiteral';
  topic: string;
  allow: boolean;
}

export interface Mosquitto {
  url: string;
  port: number;
  pid: number;
  /** the dynsec admin: may send $CONTROL/dynamic-security/v1 commands */
  admin: { username: string; password: string };
  dir: string;
  logs: string[];
  /** SIGKILL when `kill` is true (a crash), else SIGTERM; resolves when the process has exited */
  stop(kill?: boolean): Promise<void>;
  /** starts it again on the same port, configuration and persistence (after stop) */
  restart(): Promise<void>;
}

/**
 * The dynsec plugin's stored password (mosquitto 2.0 plugins/dynamic-security/auth.c): PBKDF2-HMAC-SHA512 over the
 * password with a random salt, 64-byte key, salt and key base64 in the JSON, with the iteration count.
 */
export function dynsecPassword(
  password: string,
  iterations = 101,
): { password: string; salt: string; iterations: number } {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return { password: hash.toString('base64'), salt: salt.toString('base64'), iterations };
}

/** The admin role `mosquitto_ctl dynsec init` creates: the control topic and the broker's $SYS tree. */
export const ADMIN_ACLS: DynsecAcl[] = [
  { acltype: 'publishClientSend', topic: '$CONTROL/dynamic-security/#', allow: true },
  { acltype: 'publishClientReceive', topic: '$CONTROL/dynamic-security/#', allow: true },
  { acltype: 'subscribePattern', topic: '$CONTROL/dynamic-security/#', allow: true },
  { acltype: 'publishClientReceive', topic: '$SYS/#', allow: true },
  { acltype: 'subscribePattern', topic: '$SYS/#', allow: true },
];

function dynsecConfig(admin: { username: string; password: string }, extra: MosquittoOptions['clients'] = []) {
  const all = [{ ...admin, acls: ADMIN_ACLS }, ...extra];
  return {
    // what `mosquitto_ctl dynsec init` writes: clients may not publish or subscribe unless a role allows it
    defaultACLAccess: { publishClientSend: false, publishClientReceive: true, subscribe: false, unsubscribe: true },
    clients: all.map((c) => ({
      username: c.username,
      ...dynsecPassword(c.password),
      roles: [{ rolename: `role-${c.username}` }],
    })),
    groups: [],
    roles: all.map((c) => ({ rolename: `role-${c.username}`, acls: c.acls })),
  };
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/**
 * Debian's Mosquitto 2.0 on loopback, with a configuration of the test's own in a temp directory: a listener, the
 * queue and in-flight limits set deliberately, persistence in the directory, and (by default) the dynamic-security
 * plugin with an admin client generated here (Debian ships no `mosquitto_ctl`). Stopped by its PID.
 */
export async function startMosquitto(opts: MosquittoOptions = {}): Promise<Mosquitto> {
  if (!existsSync('/usr/sbin/mosquitto')) throw new Error('mosquitto is not installed (deploy/test-deps.sh)');
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'qw-mosquitto-'));
  const admin = { username: 'qw-dynsec-admin', password: randomBytes(12).toString('base64url') };
  const dynsec = opts.dynsec ?? true;
  const lines = [
    `listener ${port} 127.0.0.1`,
    'protocol mqtt',
    // started as root, mosquitto would switch to the `mosquitto` user, which may not read this temp directory
    `user ${userInfo().username}`,
    `max_queued_messages ${opts.maxQueuedMessages ?? 100_000}`,
    `max_inflight_messages ${opts.maxInflightMessages ?? 100}`,
    'persistence true',
    `persistence_location ${dir}/`,
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
  ];
  if (dynsec) {
    if (!existsSync(DYNSEC_PLUGIN)) throw new Error(`the dynamic-security plugin is missing: ${DYNSEC_PLUGIN}`);
    writeFileSync(join(dir, 'dynsec.json'), JSON.stringify(dynsecConfig(admin, opts.clients), null, 2));
    lines.push(`plugin ${DYNSEC_PLUGIN}`, `plugin_opt_config_file ${join(dir, 'dynsec.json')}`);
  } else lines.push('allow_anonymous true');
  writeFileSync(join(dir, 'mosquitto.conf'), lines.join('\n') + '\n');

  const logs: string[] = [];
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn('/usr/sbin/mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (b: Buffer) => logs.push(...b.toString().trimEnd().split('\n')));
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}):\n${logs.join('\n')}`);
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`mosquitto did not listen on ${port}:\n${logs.join('\n')}`);
  };
  const stop = async (kill = false) => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    process.kill(p.pid!, kill ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    get pid() {
      return proc!.pid!;
    },
    admin,
    dir,
    logs,
    stop: async (kill) => {
      await stop(kill);
    },
    restart: start,
  };
}

/** stops it and removes its directory */
export async function disposeMosquitto(m: Mosquitto | undefined): Promise<void> {
  if (!m) return;
  await m.stop();
  rmSync(m.dir, { recursive: true, force: true });
}

/** qinwatt's own account on a test broker, with the ACLs the platform needs (and the plugin's admin rights) */
export const PLATFORM = { username: 'qinwatt', password: 'platform-secret' };

/** the settings of a qinwatt process consuming from `m` as PLATFORM, syncing device credentials into it */
export const externalBrokerEnv = (m: Mosquitto, env: Record<string, string> = {}): Record<string, string> => ({
  QW_MQTT_BROKER: 'external',
  QW_MQTT_BROKER_URL: m.url,
  QW_MQTT_BROKER_USERNAME: PLATFORM.username,
  QW_MQTT_BROKER_PASSWORD: PLATFORM.password,
  QW_MQTT_BROKER_DYNSEC: 'true',
  ...env,
});
