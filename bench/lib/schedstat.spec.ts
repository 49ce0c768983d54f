import { describeSched, parseCtxtSwitches, parseSchedstat, schedRates, sumCommon } from './schedstat.js';

const STATUS = `Name:\tnode
State:\tR (running)
Threads:\t11
voluntary_ctxt_switches:\t1200
nonvoluntary_ctxt_switches:\t345
`;

describe('scheduler counters of a thread (/proc/<pid>/task/<tid>)', () => {
  it('reads time on the CPU, time waiting on a run queue and timeslices from schedstat', () => {
    expect(parseSchedstat('73080575 23724190 154\n')).toEqual({ runNs: 73080575, waitNs: 23724190, slices: 154 });
  });

  it('refuses a line that is not three numbers (a kernel without schedstats)', () => {
    expect(() => parseSchedstat('')).toThrow('not a schedstat line');
    expect(() => parseSchedstat('12 abc 3')).toThrow('not a schedstat line');
  });

  it('reads voluntary and involuntary context switches from status', () => {
    expect(parseCtxtSwitches(STATUS)).toEqual({ voluntary: 1200, involuntary: 345 });
    expect(() => parseCtxtSwitches('Name:\tnode\n')).toThrow('voluntary_ctxt_switches');
  });

  it('turns two readings into ms per second ran and waited, the mean wait per wake-up and switches per second', () => {
    const a = { runNs: 1e9, waitNs: 2e8, slices: 100, voluntary: 10, involuntary: 5 };
    const b = { runNs: 2e9, waitNs: 6e8, slices: 300, voluntary: 410, involuntary: 105 };
    const r = schedRates(a, b, 2);
    expect(r).toEqual({
      ranMsPerSec: 500,
      waitedMsPerSec: 200,
      waitPerSliceMs: 2,
      involuntaryPerSec: 50,
      voluntaryPerSec: 200,
    });
    expect(describeSched(r)).toBe(
      'waited 200 ms/s for a CPU (ran 500 ms/s), 2.00 ms a wake-up, 50 involuntary switches/s',
    );
  });

  it('sums the threads alive at the end of a span, a thread begun within it from zero', () => {
    const c = (n: number) => ({ runNs: n, waitNs: n, slices: n, voluntary: n, involuntary: n });
    const { from, to } = sumCommon(
      new Map([
        [1, c(10)],
        [2, c(20)],
        [3, c(30)],
      ]),
      new Map([
        [1, c(15)],
        [3, c(31)],
        [4, c(1000)],
      ]),
    );
    expect(from).toEqual(c(40));
    expect(to).toEqual(c(1046));
  });
});
