import type { DeviceSpec } from '#contracts';
import type { AppConfig } from '../config/config.js';
import type { DeadLetterInput, DeadLetterStore } from '../dead-letter/dead-letter.store.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import type { Logger } from '../logger.js';
import { Metrics } from '../metrics/metrics.js';
import type { ReadingsBus } from '../bus/readings-bus.js';
import type { SpoolService } from '../spool/spool-writer.js';
import { IngestService } from './ingest.service.js';

/** The parts around ingest as small fakes: what is under test is only what ingest makes of a failing decode. */
function ingestWith(
  device: (plantId: string, deviceId: string) => DeviceSpec | undefined,
  emit: () => void | Promise<void> = () => undefined,
) {
  const letters: DeadLetterInput[] = [];
  const errors: unknown[] = [];
  const fleet = { device } as unknown as FleetRegistry;
  const spool = { append: () => Promise.resolve(true) } as unknown as SpoolService;
  const deadLetters = { record: (l: DeadLetterInput) => (letters.push(l), Promise.resolve()) } as DeadLetterStore;
  const bus = { emit } as unknown as ReadingsBus;
  const log = { warn: () => undefined, error: (o: unknown) => errors.push(o) } as unknown as Logger;
  const config = { maxMessageBytes: 262_144 } as AppConfig;
  const ingest = new IngestService(fleet, spool, deadLetters, bus, new Metrics(), config, log);
  return { ingest, letters, errors };
}

const message = {
  topic: 'plants/p1/devices/m1/telemetry',
  payload: Buffer.from('{"v":1,"metrics":{"active_power":{"value":1,"unit":"kW"}}}'),
  clientId: 'm1',
  qos: 1 as const,
  receivedAt: Date.parse('2026-11-23T08:00:00Z'),
};

describe('IngestService: a message the decoder fails on', () => {
  it('is a counted DECODE_FAILED rejection kept as a dead letter, so the broker can still acknowledge it', async () => {
    const { ingest, letters, errors } = ingestWith(() => {
      throw new RangeError('Invalid time value');
    });
    const outcome = await ingest.handle(message);
    expect(outcome.readings).toEqual([]);
    expect(outcome.rejections).toEqual([{ reason: 'DECODE_FAILED', detail: 'decoding failed: Invalid time value' }]);
    expect(ingest.counters.rejected).toEqual({ DECODE_FAILED: 1 });
    expect(letters).toEqual([expect.objectContaining({ reason: 'DECODE_FAILED', clientId: 'm1' })]);
    expect(errors).toHaveLength(1);
  });

  it('decodes as usual otherwise', async () => {
    const motor: DeviceSpec = { id: 'm1', plantId: 'p1', class: 'motor', name: 'm1', nameplate: {} };
    const { ingest } = ingestWith(() => motor);
    const outcome = await ingest.handle(message);
    expect(outcome.rejections).toEqual([]);
    expect(outcome.readings).toHaveLength(1);
    expect(ingest.counters.accepted).toBe(1);
  });
});

describe('IngestService in scale-out mode (a readings log attached to the bus)', () => {
  const motor: DeviceSpec = { id: 'm1', plantId: 'p1', class: 'motor', name: 'm1', nameplate: {} };

  it('resolves only once the readings log has the readings', async () => {
    let appended!: () => void;
    const { ingest } = ingestWith(
      () => motor,
      () => new Promise<void>((res) => (appended = res)),
    );
    let done = false;
    const handled = ingest.handle(message).then(() => (done = true));
    await new Promise((res) => setTimeout(res, 20));
    expect(done).toBe(false);
    appended();
    await handled;
    expect(done).toBe(true);
  });

  it('fails the message when the append fails, so the broker does not get its acknowledgement', async () => {
    const { ingest } = ingestWith(
      () => motor,
      () => Promise.reject(new Error('readings log unreachable')),
    );
    await expect(ingest.handle(message)).rejects.toThrow('readings log unreachable');
  });
});
