/**
 * Which partitions a detection process lets go of or tries to take, from what it holds, what every process holds
 * (advisory locks granted) and how many detection processes are connected. Each aims at a fair share, ceil(P / N):
 * the shares add up to at least P, so every partition finds an owner once each process has reached its share.
 */
export interface RebalanceInput {
  partitions: number;
  /** live detection processes, this one included */
  members: number;
  mine: ReadonlySet<number>;
  /** partitions held by any process, this one included */
  held: ReadonlySet<number>;
  /** where this process starts looking for free partitions (spreads the processes over the range) */
  offset: number;
}

export interface RebalancePlan {
  target: number;
  release: number[];
  acquire: number[];
}

export function rebalance(i: RebalanceInput): RebalancePlan {
  const target = Math.ceil(i.partitions / Math.max(1, i.members));
  if (i.mine.size > target) {
    // the highest-numbered ones: deterministic, so a log reads plainly
    const release = [...i.mine].sort((a, b) => b - a).slice(0, i.mine.size - target);
    return { target, release, acquire: [] };
  }
  const acquire: number[] = [];
  for (let k = 0; k < i.partitions && i.mine.size + acquire.length < target; k++) {
    const p = (((i.offset + k) % i.partitions) + i.partitions) % i.partitions;
    if (!i.held.has(p) && !i.mine.has(p)) acquire.push(p);
  }
  return { target, release: [], acquire };
}
