import { Worker } from 'node:worker_threads';
import type { LatencySummary } from './stats.js';

/**
 * The load generator's contract: MQTT publishers in a worker thread (so the bench's own subscriber and pollers do
 * not share its event loop). Messages follow libs/contracts: device topics carry one reading, gateway topics carry
 * `batch` readings. Reading time is synthetic (`tsBase + seq` ms per device) so every (device, ts) is unique.
 */
export interface LoadSpec {
  url: string;
  qos: 0 | 1;
  /** 'raw' adds the send time to a device-shaped payload and publishes under `bench/` (broker passthrough) */
  kind: 'raw' | 'device' | 'gateway';
  plantId: string;
  /** one publisher connection per target: a device (kind device/raw) or a gateway with its devices */
  targets: Array<{ id: string; devices: string[]; username?: string; password?: string }>;
  /** readings per gateway message */
  batch: number;
  /** most unacknowledged messages per connection; a full window holds the publisher back */
  window: number;
  /** messages/s offered over all connections; omitted = as fast as the windows allow (closed loop) */
  rate?: number;
  durationMs: number;
  /** stop after this many messages (a burst) instead of at the end of `durationMs` */
  maxMessages?: number;
  /** leading part of the run left out of rates and percentiles */
  warmupMs: number;
  /** how long to wait for outstanding acknowledgements after the run */
  drainMs: number;
  tsBase: number;
  bucketMs: number;
  /**
   * an Int32 counter of messages the subscriber has received (raw passthrough): the publishers then keep at most
   * `window` per connection in flight end to end, not just to the broker, so a QoS 0 run cannot flood the queue
   */
  delivered?: SharedArrayBuffer;
  /** stamp each reading with the wall clock at send time instead of `tsBase + seq` (long runs that cross hours) */
  wallClock?: boolean;
  /** post the running totals to `onProgress` this often (long runs) */
  progressMs?: number;
}

/** Running totals of a load run, posted every `progressMs`. */
export interface LoadProgress {
  sent: number;
  acked: number;
  readingsAcked: number;
  errors: number;
  heldBack: number;
}

export interface LoadBucket {
  /** ms since the start of the run */
  atMs: number;
  sent: number;
  acked: number;
  ackP50: number;
  ackP99: number;
  /** offers the publishers could not send because their window was full */
  heldBack: number;
}

export interface LoadResult {
  /** all messages sent and acknowledged, including warm-up and drain */
  sent: number;
  acked: number;
  readingsAcked: number;
  errors: number;
  heldBack: number;
  /** acknowledged messages/s in the steady part */
  ackRate: number;
  readingsPerSec: number;
  /** send → acknowledgement (PUBACK for QoS 1, socket write for QoS 0) in the steady part */
  ack: LatencySummary;
  buckets: LoadBucket[];
  /** wall-clock window of the steady part, epoch ms */
  steadyFrom: number;
  steadyTo: number;
}

export interface LoadRun {
  /** resolves once every connection is up */
  ready: Promise<void>;
  /** starts publishing; resolves with the figures when the run and its drain are over */
  go(): Promise<LoadResult>;
  terminate(): Promise<void>;
}

export function startLoad(spec: LoadSpec, onProgress?: (p: LoadProgress) => void): LoadRun {
  const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: spec });
  let onDone: (r: LoadResult) => void = () => undefined;
  let onFail: (e: Error) => void = () => undefined;
  const done = new Promise<LoadResult>((resolve, reject) => ((onDone = resolve), (onFail = reject)));
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { type: string; result?: LoadResult; progress?: LoadProgress }) => {
      if (m.type === 'ready') resolve();
      if (m.type === 'progress') onProgress?.(m.progress!);
      if (m.type === 'done') onDone(m.result!);
    });
    worker.on('error', (e) => (reject(e), onFail(e)));
    worker.on('exit', (code) => {
      const e = new Error(`load worker exited ${code}`);
      reject(e);
      onFail(e);
    });
  });
  done.catch(() => undefined);
  return {
    ready,
    go: () => (worker.postMessage('go'), done),
    terminate: async () => void (await worker.terminate()),
  };
}

/** One reading as a motor meter sends it (active power is what the motor class needs). */
export function devicePayload(tsBase: number, seq: number, ts = tsBase + seq): string {
  const kw = 40 + (seq % 97) / 10;
  return `{"v":1,"ts":${ts},"seq":${seq},"metrics":{"active_power":{"value":${kw},"unit":"kW"}}}`;
}
