import { sql, type Kysely } from 'kysely';
import { stateEngines } from './adapters.js';

/** What every engine of the relational state store must do alike; the capabilities' own suites build on this. */
describe.each(stateEngines('state store contract').map((e) => [e.engine, e] as const))(
  'state store on %s',
  (_, engine) => {
    it('applies the migrations once and records them', async () => {
      const { state, where } = await engine.open();
      const created = await state.db.selectFrom('state_meta').select('value').where('key', '=', 'created_at').execute();
      expect(created).toHaveLength(1);
      await state.close();
      // a second start against the same store applies nothing again
      const again = await engine.open({ same: where });
      const rows = await again.state.db.selectFrom('state_meta').selectAll().execute();
      expect(rows.map((r) => r.key)).toEqual(['created_at']);
      await again.state.close();
    });

    it('reads epoch milliseconds back as numbers', async () => {
      const { state } = await engine.open();
      const t = 1_790_000_000_123;
      await state.db.insertInto('state_meta').values({ key: 'k', value: 'v', updated_at: t }).execute();
      const row = await state.db.selectFrom('state_meta').selectAll().where('key', '=', 'k').executeTakeFirstOrThrow();
      expect(row.updated_at).toBe(t);
      await state.close();
    });

    it('rolls a failed transaction back whole', async () => {
      const { state } = await engine.open();
      await expect(
        state.db.transaction().execute(async (tx) => {
          await tx.insertInto('state_meta').values({ key: 'a', value: '1', updated_at: 1 }).execute();
          await tx.insertInto('state_meta').values({ key: 'a', value: '2', updated_at: 2 }).execute(); // duplicate key
        }),
        // better-sqlite3's SqliteError is not an Error of the test's realm, so match the message, not the class
      ).rejects.toMatchObject({ message: expect.stringMatching(/unique|duplicate/i) as unknown });
      expect(await state.db.selectFrom('state_meta').selectAll().where('key', '=', 'a').execute()).toEqual([]);
      await state.close();
    });

    it('applies a new migration to a store that has the earlier ones, and reports a failing one by name', async () => {
      const { state, where } = await engine.open();
      await state.close();
      const { MIGRATIONS } = await import('../../apps/server/src/state/migrations.js');
      const next = {
        ...MIGRATIONS,
        '9000-test': {
          up: (db: Kysely<unknown>) => db.schema.createTable('t9000').addColumn('x', 'integer').execute(),
        },
      };
      const later = await engine.open({ same: where, migrations: next });
      await sql`insert into t9000 (x) values (1)`.execute(later.state.db);
      await later.state.close();
      const broken = {
        ...next,
        '9001-broken': {
          up: async (db: Kysely<unknown>) => {
            await sql`not sql`.execute(db);
          },
        },
      };
      await expect(engine.open({ same: where, migrations: broken })).rejects.toThrow(/9001-broken/);
    });
  },
);
