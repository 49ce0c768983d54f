/**
 * Console benchmark: the built server with a generated fleet publishing one reading per device per second (the
 * simulator's load mode, gateway-batched, in its own process), and Debian's Chromium showing the console. Chromium's
 * own counters, read over the DevTools protocol, give the figures: main-thread busy time per second (Performance
 * `TaskDuration`), long tasks (> 50 ms), JS heap, time from navigation to the first device card, the snapshot frame's
 * size, socket.io packets received per second against those the server counts as sent to it (`/metrics`), bytes
 * received per second, and reconnects (WebSockets opened after the first).
 *
 * After the measured span the page is used as an operator would: a search typed into the filter and the list scrolled to
 * its middle, each timed from the input to the frame painted after it (the median of three).
 *
 *   npm run bench:console -- [--devices 10,300,2000] [--seconds 30] [--rate 1] [--baseline DIR]
 *
 * `--baseline DIR` names another checkout with its own build (`npm run build` there): each fleet size is then run
 * against that build first and against this one second, in the same program, and both rows are printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { generateFleet } from '#device-sim';
import { startServer } from '../lib/server.js';
import { loadAverage } from '../lib/procs.js';
import { cli, positive } from '../lib/cli.js';
import { apiFetch, sessionFor } from '../lib/api.js';
import { longTasks, type LongTask, type TraceEvent } from './long-tasks.js';

const opt = cli(
  process.argv.slice(2),
  'npm run bench:console -- [options]',
  "Starts the built server with a generated fleet at 1 reading per device per second, opens the console in Debian's\nChromium and prints main-thread busy time, long tasks, first card, snapshot size, frames and reconnects (DevTools\nprotocol), per fleet size; --baseline runs another build in the same program.",
  {
    devices: { type: 'string', arg: '<n,n,…>', help: 'fleet sizes, comma-separated (default 10,300,2000)' },
    seconds: { type: 'string', arg: '<s>', help: 'seconds measured per size (default 30)' },
    rate: {
      type: 'string',
      arg: '<r>',
      help: 'readings per device per second (default 1; energy meters often report every 10-60 s: 0.1-0.017)',
    },
    warmup: { type: 'string', arg: '<s>', help: 'seconds before measuring (default 10)' },
    baseline: { type: 'string', arg: '<dir>', help: 'a checkout of another build to measure in the same run' },
    width: { type: 'string', arg: '<px>', help: 'viewport width (default 1920)' },
    height: { type: 'string', arg: '<px>', help: 'viewport height (default 1080)' },
    profile: {
      type: 'string',
      arg: '<dir>',
      help: 'a V8 CPU profile of the page from navigation to the end of the measured span, written to this directory (read it with node dist/bench/profile-top.js)',
    },
    trace: {
      type: 'string',
      arg: '<s>',
      help: 'after the measured span, a DevTools trace of this many seconds: what each long task spent its time on',
    },
  },
  (v) => ({
    sizes: (v.devices ?? '10,300,2000').split(',').map((n) => positive(n, 'devices', 10, true)),
    seconds: positive(v.seconds, 'seconds', 30),
    rate: positive(v.rate, 'rate', 1),
    warmup: positive(v.warmup, 'warmup', 10),
    baseline: v.baseline,
    profileDir: v.profile,
    traceS: v.trace === undefined ? 0 : positive(v.trace, 'trace', 10),
    viewport: { width: positive(v.width, 'width', 1920, true), height: positive(v.height, 'height', 1080, true) },
  }),
);
const { sizes, seconds, warmup, viewport, rate } = opt;
const here = process.cwd();
const CHROMIUM = process.env.QW_CHROMIUM ?? '/usr/bin/chromium';

interface Row {
  build: string;
  devices: number;
  busyMsPerS: number;
  longTasks: number;
  longestTaskMs: number;
  firstCardMs: number;
  searchMs: number;
  scrollMs: number;
  snapshotKb: number;
  framesPerS: number;
  /** '—': a build that does not count them */
  sentPerS: number | string;
  kbPerS: number;
  reconnects: number;
  heapMb: number;
}

/** The simulator's load mode in its own process: every device of the fleet, gateway-batched, `rate` readings/s. */
function startLoad(root: string, mqttUrl: string, fleetFile: string, durationS: number): ChildProcess {
  const cli = join(root, 'dist/device-sim/src/cli.js');
  const args = [cli, 'load', '--url', mqttUrl, '--fleet', fleetFile, '--mode', 'gateway', '--rate', String(rate)];
  args.push('--duration', `${durationS}s`, '--qos', '0');
  return spawn(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: '' }, stdio: 'ignore' });
}

/** socket.io packets the server sent its consoles so far (one browser here: all of them to it) */
async function packetsSent(httpUrl: string): Promise<number | undefined> {
  const text = await (await apiFetch(`${httpUrl}/metrics`)).text();
  let n: number | undefined;
  for (const m of text.matchAll(/^qinwatt_live_packets_sent_total\{[^}]*\} (\S+)$/gm)) n = (n ?? 0) + Number(m[1]);
  return n;
}

/**
 * What an operator waits for: `act` runs in the page, and the time to the frame painted after it is measured (two
 * animation frames: the one the change is laid out in, and the next, which starts once that one is painted).
 * The median of three.
 */
async function interaction(page: Page, act: (i: number) => string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++)
    times.push(
      await page.evaluate(async (code) => {
        const t0 = performance.now();
        new Function(code)();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - t0;
      }, act(i)),
    );
  return Math.round(times.sort((a, b) => a - b)[1]);
}
const typeSearch = (text: string) =>
  `const s = document.querySelector('.f-search'); s.value = ${JSON.stringify(text)}; s.dispatchEvent(new Event('input'));`;

const traces: Array<{ build: string; devices: number; tasks: LongTask[] }> = [];

/** A DevTools trace of the page's main thread for `seconds`, reduced to its long tasks' phases. */
async function trace(cdp: CDPSession, seconds: number): Promise<LongTask[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await cdp.send('Tracing.end');
  await done;
  return longTasks(events);
}

async function measure(browser: Browser, root: string, build: string, devices: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'qw-bench-console-'));
  const fleetFile = join(dir, 'fleet.json');
  const gateways = Math.max(1, Math.ceil(devices / 50));
  const plants = Math.max(1, Math.ceil(devices / 100));
  writeFileSync(fleetFile, JSON.stringify(generateFleet({ devices, gateways, plants })));
  const server = await startServer(
    { QW_FLEET_FILE: fleetFile, QW_MQTT_AUTH: 'off', QW_DATA_DIR: join(dir, 'data') },
    [],
    join(root, 'dist/apps/server/src/main.js'),
  );
  const load = startLoad(root, server.mqttUrl, fleetFile, warmup + seconds + 60);
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  await context.addCookies([{ name: 'qw_session', value: sessionFor(server.httpUrl)!, url: server.httpUrl }]);
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({
      type: 'longtask',
      buffered: true,
    });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  let sockets = 0;
  let frames = 0;
  let bytes = 0;
  let snapshotBytes = 0;
  cdp.on('Network.webSocketCreated', () => sockets++);
  cdp.on('Network.webSocketFrameReceived', (e: { response: { opcode: number; payloadData: string } }) => {
    // socket.io packets: text frames of type 4 (message); a binary packet's attachment follows as a frame of its own
    // (opcode 2, base64 in the protocol: its bytes are 3/4 of the text's length)
    const binary = e.response.opcode === 2;
    if (!binary && e.response.payloadData.startsWith('4')) frames++;
    const n = binary ? (e.response.payloadData.length * 3) / 4 : Buffer.byteLength(e.response.payloadData);
    bytes += n;
    if (e.response.payloadData.startsWith('42["snapshot"')) snapshotBytes = Math.max(snapshotBytes, n);
  });
  if (opt.profileDir) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.goto(server.httpUrl);
  await page.waitForSelector('.card', { timeout: 120_000 });
  const firstCardMs = Date.now() - t0;
  await page.waitForTimeout(warmup * 1000);

  const metric = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  await page.evaluate(() => ((window as unknown as { __long: number[] }).__long = []));
  const sent0 = await packetsSent(server.httpUrl);
  const before = await metric();
  const [f0, b0, w0] = [frames, bytes, Date.now()];
  await page.waitForTimeout(seconds * 1000);
  const after = await metric();
  const wall = (Date.now() - w0) / 1000;
  const sent1 = await packetsSent(server.httpUrl);
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  if (opt.profileDir) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    mkdirSync(opt.profileDir, { recursive: true });
    writeFileSync(join(opt.profileDir, `console-${build}-${devices}.cpuprofile`), JSON.stringify(profile));
  }
  if (opt.traceS) traces.push({ build, devices, tasks: await trace(cdp, opt.traceS) });
  // a search typed, cleared and typed again; the list scrolled to its middle, to the top and to the middle
  const searchMs = await interaction(page, (i) => typeSearch(['1', '', '1'][i]));
  await interaction(page, () => typeSearch(''));
  const scrollMs = await interaction(
    page,
    (i) => `const a = document.getElementById('app'); a.scrollTop = ${i % 2 ? 0 : 'a.scrollHeight / 2'};`,
  );
  const row: Row = {
    build,
    devices,
    busyMsPerS: Math.round(((after.TaskDuration - before.TaskDuration) * 1000) / wall),
    longTasks: long.length,
    longestTaskMs: Math.round(Math.max(0, ...long)),
    firstCardMs,
    searchMs,
    scrollMs,
    snapshotKb: Math.round(snapshotBytes / 1024),
    framesPerS: Math.round((frames - f0) / wall),
    sentPerS: sent0 === undefined || sent1 === undefined ? '—' : Math.round((sent1 - sent0) / wall),
    kbPerS: Math.round((bytes - b0) / 1024 / wall),
    // the first WebSocket is the page's own; every later one is a reconnect (at any time since load)
    reconnects: Math.max(0, sockets - 1),
    heapMb: Math.round(after.JSHeapUsedSize / 1048576),
  };
  await context.close();
  load.kill('SIGINT');
  await server.stop();
  return row;
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const builds: Array<[string, string]> = opt.baseline
  ? [
      ['baseline', resolve(opt.baseline)],
      ['this', here],
    ]
  : [['this', here]];
const rows: Row[] = [];
// the machine may be shared: its load at the start and the end is printed with the figures
const loadAtStart = loadAverage();
try {
  for (const n of sizes)
    for (const [name, root] of builds) {
      process.stderr.write(`${name}: ${n} devices, ${warmup} s warm-up + ${seconds} s measured …\n`);
      rows.push(await measure(browser, root, name, n));
    }
} finally {
  await browser.close();
}

const head = [
  'build',
  'devices',
  'busy ms/s',
  'long tasks',
  'longest ms',
  'first card ms',
  'search ms',
  'scroll ms',
  'snapshot KB',
  'packets/s received',
  'packets/s sent',
  'KB/s',
  'reconnects',
  'heap MB',
];
process.stdout.write(
  `\nConsole at ${viewport.width}×${viewport.height}, ${rate} reading/device/s, ${seconds} s measured after ${warmup} s; ` +
    `load average ${loadAtStart} at the start, ${loadAverage()} at the end\n` +
    `| ${head.join(' | ')} |\n|${head.map(() => ' ---: ').join('|')}|\n` +
    rows.map((r) => `| ${Object.values(r).join(' | ')} |`).join('\n') +
    '\n',
);
for (const t of traces) {
  process.stdout.write(
    `\nLong tasks of ${t.build} at ${t.devices} devices in ${opt.traceS} s traced: ${t.tasks.length}\n`,
  );
  for (const task of t.tasks.slice(0, 10))
    process.stdout.write(`  ${Math.round(task.ms)} ms: ${task.phases.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
}
