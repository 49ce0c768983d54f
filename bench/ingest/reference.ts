/**
 * The machine's speed while a measurement runs, for a ratio that survives a shared machine: a child process that
 * parses the bench's gateway message for 5 ms in every 50 ms (so it takes a tenth of a core) and, on SIGTERM,
 * prints its own CPU µs per reading parsed. Dividing the server's CPU per reading by it cancels much of what a
 * crowded machine does to CPU time (contention for caches and cores slows both alike).
 */
import { gatewayPayload } from './steps.js';

const batch = Number(process.argv[2] ?? 50);
const payload = gatewayPayload(
  Array.from({ length: batch }, (_, i) => `g0-${i}`),
  Date.now(),
  1,
).toString();
let readings = 0;
let cpu = { user: 0, system: 0 };
const timer = setInterval(() => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < 5) {
    JSON.parse(payload);
    readings += batch;
  }
  const d = process.cpuUsage(c0);
  cpu = { user: cpu.user + d.user, system: cpu.system + d.system };
}, 50);
process.once('SIGTERM', () => {
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ usPerReading: (cpu.user + cpu.system) / readings })}\n`);
  process.exit(0);
});
