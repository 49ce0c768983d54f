import { InTurns } from './in-turns.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('InTurns', () => {
  it('runs a job at once while the turn has budget, later jobs queued in order once it is spent', async () => {
    const turns = new InTurns(2);
    const ran: number[] = [];
    const results = [1, 2, 3].map((n) => turns.run(() => (ran.push(n), busy(n === 1 ? 3 : 0), n * 10)));
    // the first used up the turn's budget: the others wait for the next turn, in order
    expect(ran).toEqual([1]);
    expect(turns.queued).toBe(2);
    expect(await Promise.all(results)).toEqual([10, 20, 30]);
    expect(ran).toEqual([1, 2, 3]);
    expect(turns.queued).toBe(0);
  });

  it('yields to the event loop once a turn has used its budget', async () => {
    const turns = new InTurns(2);
    let ticks = 0;
    const ranAt: number[] = [];
    const ticker = setInterval(() => ticks++, 0);
    await Promise.all(Array.from({ length: 30 }, () => turns.run(() => (ranAt.push(ticks), busy(1)))));
    clearInterval(ticker);
    const perTurn = new Map<number, number>();
    for (const t of ranAt) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    expect(perTurn.size).toBeGreaterThanOrEqual(6);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(4);
  });

  it('a job that throws rejects its own promise; the jobs after it run', async () => {
    const turns = new InTurns(2);
    const bad = turns.run(() => {
      throw new Error('defect');
    });
    const good = turns.run(() => 'ok');
    await expect(bad).rejects.toThrow('defect');
    await expect(good).resolves.toBe('ok');
  });
});
