import pg from 'pg';

/**
 * The throw-away PostgreSQL the state-store tests use (`npm test` starts one with deploy/postgres-test.sh and exports
 * QW_TEST_POSTGRES_URL). Missing in CI is a failure; missing locally is reported as "not run", never a silent pass.
 */
export const POSTGRES_URL = process.env.QW_TEST_POSTGRES_URL;

export function requirePostgresInCi(what: string): boolean {
  if (POSTGRES_URL) return true;
  const msg = `QW_TEST_POSTGRES_URL is not set: ${what}. Start one with: deploy/postgres-test.sh start`;
  if (process.env.CI)
    it(`needs PostgreSQL (${what})`, () => {
      throw new Error(msg);
    });
  else console.log(`NOT RUN (PostgreSQL): ${msg}`);
  return false;
}

/** A new empty database on the test server; returns its connection string. */
export async function freshPostgresDatabase(prefix = 'qw'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}
