/** How long and how hard each stage runs. `--smoke` keeps every stage to a few seconds with small counts. */
export interface BenchOptions {
  smoke: boolean;
  /** measured seconds per throughput stage */
  stageMs: number;
  warmupMs: number;
  /** publisher connections (one per device, as meters connect) */
  connections: number;
  /** unacknowledged QoS 1 messages per publisher connection */
  window: number;
  /**
   * the same for qinwatt's maximum: deep enough that the server's capacity, not the round trip, sets the rate
   * (PUBACK latency at that point is queueing: Little's law; the half-load stage gives latency at a normal load)
   */
  qinwattWindow: number;
  influxBatch: number;
  /** readings per gateway message */
  gatewayBatch: number;
  /** the burst offered to the peer pipeline */
  peerMessages: number;
  /** how long the overload stage offers 2× the sustainable rate */
  overloadMs: number;
  /** run the Node-RED peer (installing it when missing; in smoke mode only when already installed) */
  peer: boolean;
  out: string;
  /** run only these stages: aedes, mosquitto, influx, qinwatt, peer */
  only?: string[];
  /** put the table into README.md's Performance section */
  readme: boolean;
  /** write a V8 CPU profile of the qinwatt server into this directory (node --cpu-prof) */
  profileDir?: string;
}

export function parseArgs(argv: string[]): BenchOptions {
  const smoke = argv.includes('--smoke');
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const base: BenchOptions = smoke
    ? {
        smoke,
        stageMs: 1500,
        warmupMs: 500,
        connections: 4,
        window: 20,
        qinwattWindow: 100,
        influxBatch: 1000,
        gatewayBatch: 20,
        peerMessages: 1000,
        overloadMs: 2000,
        peer: true,
        readme: false,
        out: 'bench/results/smoke.json',
      }
    : {
        smoke,
        stageMs: 10_000,
        warmupMs: 2000,
        connections: 20,
        window: 20,
        qinwattWindow: 500,
        influxBatch: 5000,
        gatewayBatch: 50,
        peerMessages: 50_000,
        overloadMs: 60_000,
        peer: true,
        readme: false,
        out: 'bench/results/latest.json',
      };
  if (argv.includes('--no-peer')) base.peer = false;
  const out = value('--out');
  if (out) base.out = out;
  base.readme = argv.includes('--readme');
  const only = value('--only');
  if (only) base.only = only.split(',');
  const profile = value('--profile');
  if (profile) base.profileDir = profile;
  const seconds = value('--stage-seconds');
  if (seconds) base.stageMs = Number(seconds) * 1000;
  const overload = value('--overload-seconds');
  if (overload) base.overloadMs = Number(overload) * 1000;
  return base;
}
