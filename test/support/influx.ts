/**
 * The throw-away InfluxDB 1.x the storage tests use (CI: `deploy/influxd-test.sh start` exports QW_TEST_INFLUX_URL).
 * Missing in CI is a failure; missing locally is reported as "not run" on the console, never a silent pass.
 */
export const INFLUX_URL = process.env.QW_TEST_INFLUX_URL;

export function influxMissing(what: string): string | undefined {
  if (INFLUX_URL) return undefined;
  const msg = `QW_TEST_INFLUX_URL is not set: ${what}. Start one with: deploy/influxd-test.sh start`;
  if (!process.env.CI) console.log(`NOT RUN (InfluxDB 1.x): ${msg}`);
  return msg;
}

/** In CI a missing server fails the suite with this test; locally nothing is registered beyond the console line. */
export function requireInfluxInCi(what: string): boolean {
  const missing = influxMissing(what);
  if (missing && process.env.CI)
    it(`needs InfluxDB 1.x (${what})`, () => {
      throw new Error(missing);
    });
  return !missing;
}

export async function influxQuery(q: string, db?: string): Promise<unknown> {
  const params = new URLSearchParams({ q, epoch: 'ms', ...(db ? { db } : {}) });
  const res = await fetch(`${INFLUX_URL}/query`, { method: 'POST', body: params });
  if (!res.ok) throw new Error(`InfluxDB ${res.status}: ${await res.text()}`);
  return res.json();
}

export const uniqueDb = (prefix: string): string =>
  `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
