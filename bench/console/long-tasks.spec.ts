import { longTasks, type TraceEvent } from './long-tasks.js';

const x = (name: string, ts: number, dur: number, data?: TraceEvent['args']): TraceEvent => ({
  name,
  ph: 'X',
  ts: ts * 1000,
  dur: dur * 1000,
  pid: 1,
  tid: 2,
  ...(data ? { args: data } : {}),
});

describe('long tasks from a DevTools trace', () => {
  it('splits each task over 50 ms into its phases, counting nested events once, and ignores other threads', () => {
    const events: TraceEvent[] = [
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 2, args: { name: 'CrRendererMain' } },
      x('RunTask', 0, 120),
      x('FunctionCall', 0, 70, { data: { functionName: 'onmessage', url: 'http://h/assets/main.js', lineNumber: 9 } }),
      x('MinorGC', 10, 5), // inside the function call: already counted as its time
      x('Layout', 70, 30),
      x('Paint', 100, 15),
      x('RunTask', 200, 20), // short: not listed
      { ...x('RunTask', 0, 500), tid: 3 }, // another thread
    ];
    expect(longTasks(events)).toEqual([
      {
        ms: 120,
        phases: [
          ['script: onmessage main.js:10', 70],
          ['layout', 30],
          ['paint', 15],
          ['other (not in a traced phase)', 5],
        ],
      },
    ]);
  });
});
