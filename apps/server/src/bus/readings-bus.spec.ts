import type { Reading } from '#contracts';
import { ReadingsBus } from './readings-bus.js';

const r = { plantId: 'p1', deviceId: 'm1', ts: 1, metrics: {} } as unknown as Reading;

describe('ReadingsBus', () => {
  it('all-in-one: delivers synchronously and returns nothing to wait for', () => {
    const bus = new ReadingsBus();
    const heard: Reading[][] = [];
    bus.subscribe((rs) => heard.push([...rs]));
    expect(bus.emit([r])).toBeUndefined();
    expect(heard).toEqual([[r]]);
  });

  it('scale-out: the emission settles once the readings log has them, and the listeners hear them only then', async () => {
    const bus = new ReadingsBus();
    const heard: Reading[][] = [];
    bus.subscribe((rs) => heard.push([...rs]));
    let appended!: () => void;
    bus.attach({ publish: () => new Promise<void>((res) => (appended = res)) });
    const emitted = bus.emit([r]);
    expect(emitted).toBeInstanceOf(Promise);
    expect(heard).toEqual([]);
    appended();
    await emitted;
    expect(heard).toEqual([[r]]);
  });

  it('scale-out: a failed append fails the emission (the message is not acknowledged) and nobody hears it', async () => {
    const bus = new ReadingsBus();
    const heard: Reading[][] = [];
    bus.subscribe((rs) => heard.push([...rs]));
    bus.attach({ publish: () => Promise.reject(new Error('READONLY')) });
    await expect(bus.emit([r])).rejects.toThrow('READONLY');
    expect(heard).toEqual([]);
  });
});
