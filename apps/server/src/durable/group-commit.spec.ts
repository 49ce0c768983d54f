import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('commits everything appended while a commit runs in one next commit', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
    });
    const first = gc.append(0);
    await new Promise((r) => setImmediate(r));
    const rest = [1, 2, 3, 4].map((i) => gc.append(i)); // arrive during the first (held) commit
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[0], [1, 2, 3, 4]]);
  });

  it('rejects every waiter of a failed commit and carries on with the next', async () => {
    let fail = true;
    const gc = new GroupCommit<number>(async () => {
      if (fail) throw new Error('disk full');
    });
    await expect(Promise.all([gc.append(1), gc.append(2)])).rejects.toThrow('disk full');
    fail = false;
    await expect(gc.append(3)).resolves.toBeUndefined();
  });
});
