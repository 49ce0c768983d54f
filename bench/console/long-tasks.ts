/**
 * What Chromium's main thread did in its long tasks, from a DevTools trace (`Tracing.dataCollected` events with the
 * `devtools.timeline` categories): per task over 50 ms, the time in each phase (script by the function the task
 * entered, style, layout, paint, garbage collection, parsing), so a long task is explained by the trace and not
 * guessed. Pure.
 */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number; type?: string } };
}

export interface LongTask {
  ms: number;
  /** phase → ms, largest first */
  phases: Array<[string, number]>;
}

/** The trace's phases, by event name; nested events of one phase are counted once (the outermost). */
const PHASE: Record<string, string> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  TimerFire: 'script',
  EventDispatch: 'script',
  FireAnimationFrame: 'script',
  'v8.compile': 'compile',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  ParseHTML: 'parse',
};

const where = (e: TraceEvent) => {
  const d = e.args?.data;
  if (e.name === 'EventDispatch') return `event ${d?.type ?? ''}`;
  if (e.name === 'FireAnimationFrame') return 'requestAnimationFrame';
  if (e.name === 'TimerFire') return 'timer';
  const file = d?.url?.split('/').pop() ?? '';
  return `${d?.functionName || '(anonymous)'}${file ? ` ${file}:${(d?.lineNumber ?? 0) + 1}` : ''}`;
};

export function longTasks(events: readonly TraceEvent[], overMs = 50): LongTask[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const own = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const out: LongTask[] = [];
  for (const task of own.filter((e) => e.name === 'RunTask' && e.dur! > overMs * 1000)) {
    const end = task.ts + task.dur!;
    const phases = new Map<string, number>();
    let covered = -1; // end of the last counted event: what lies inside it is not counted again
    for (const e of own) {
      if (e.ts < task.ts || e.ts >= end || e === task || e.ts < covered) continue;
      const phase = PHASE[e.name];
      if (!phase) continue;
      const label = phase === 'script' ? `script: ${where(e)}` : phase;
      phases.set(label, (phases.get(label) ?? 0) + e.dur! / 1000);
      covered = e.ts + e.dur!;
    }
    const counted = [...phases.values()].reduce((a, b) => a + b, 0);
    const ms = task.dur! / 1000;
    if (ms - counted > 1) phases.set('other (not in a traced phase)', ms - counted);
    out.push({ ms, phases: [...phases].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]) });
  }
  return out.sort((a, b) => b.ms - a.ms);
}
