import type { PassthroughResult } from './stages/passthrough.js';
import type { InfluxWriteResult } from './stages/influx-write.js';
import type { PeerResult } from './stages/peer.js';
import type { QinwattResults } from './stages/qinwatt.js';
import type { Ratio } from './report.js';

export interface Measured {
  aedesQos1?: PassthroughResult;
  mosquittoQos1?: PassthroughResult;
  influxWrite?: InfluxWriteResult;
  qinwatt?: QinwattResults;
  peers: PeerResult[];
}

const pct = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? (100 * a) / b : null);
const times = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? a / b : null);

/** The targets (issue 18's table), each computed from figures of one run only. */
export function ratios(m: Measured): Ratio[] {
  const q = m.qinwatt;
  // qinwatt's maximum: the better of the closed-loop stage and what it delivered for the whole overload stage
  const max = q ? Math.max(q.sustained.readingsPerSec, q.overload.readingsPerSec) : undefined;
  const peerNote = (p?: PeerResult) =>
    p ? `peer stored ${p.storedPerSec.toFixed(0)}/s (${p.storedPct.toFixed(0)} % of its burst)` : 'peer not measured';
  const stock = m.peers.find((p) => p.variant === 'stock');
  const tuned = m.peers.find((p) => p.variant === 'maxSockets512');
  return [
    {
      name: 'qinwatt max, 1 reading/msg ÷ raw aedes QoS1 passthrough (better of before/after)',
      value: pct(q?.sustained.readingsPerSec, m.aedesQos1?.rate),
      target: 100,
      unit: '%',
    },
    {
      name: 'qinwatt max, 1 reading/msg ÷ raw Mosquitto QoS1 passthrough',
      value: pct(max, m.mosquittoQos1?.rate),
      unit: '%',
    },
    {
      name: 'qinwatt gateway-batched ÷ raw InfluxDB write',
      value: pct(q?.batched.readingsPerSec, m.influxWrite?.pointsPerSec),
      target: 60,
      unit: '%',
    },
    {
      name: 'qinwatt ÷ Node-RED peer, stock',
      value: times(max, stock?.storedPerSec),
      target: 3,
      unit: '×',
      note: peerNote(stock),
    },
    {
      name: 'qinwatt ÷ Node-RED peer, maxSockets 512',
      value: times(max, tuned?.storedPerSec),
      target: 3,
      unit: '×',
      note: peerNote(tuned),
    },
    {
      name: 'PUBACK p99 at half load',
      value: q?.half.ack.p99 ?? null,
      target: 50,
      atMost: true,
      unit: 'ms',
    },
    {
      name: 'publish → alert p99 at half load',
      value: q?.half.alert?.p99 ?? null,
      target: 50,
      atMost: true,
      unit: 'ms',
      note: q?.half.alert ? undefined : (q?.half.alertNote ?? 'not measured'),
    },
    {
      name: 'server event-loop delay p99 at half load',
      value: q?.half.loop?.lagP99Ms ?? null,
      target: 20,
      atMost: true,
      unit: 'ms',
      note: q?.half.loop ? undefined : 'no /metrics in this build',
    },
    {
      name: 'overload delivered ÷ qinwatt max',
      value: pct(q?.overload.readingsPerSec, max),
      target: 95,
      unit: '%',
    },
    { name: 'overload peak RSS', value: q?.overload.usage.peakRssMb ?? null, target: 1024, atMost: true, unit: 'MB' },
    { name: 'acknowledged readings lost', value: q ? q.lost : null, target: 0, atMost: true, unit: 'readings' },
  ];
}
