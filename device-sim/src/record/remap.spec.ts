import { remapMessage, parseMapping } from './remap.js';
import { importCsv } from './csv-import.js';
import { encodeMessage, messageBytes, parseRecording } from './recording.js';

describe('replay remapping', () => {
  const remap = { devices: parseMapping('m1=m9,gw1=gw9'), plants: parseMapping('p1=p2') };

  it('remaps device topics and leaves the payload bytes alone', () => {
    const payload = Buffer.from('{"v":1,"ts":1,"metrics":{}}');
    const r = remapMessage('plants/p1/devices/m1/telemetry', payload, remap);
    expect(r.topic).toBe('plants/p2/devices/m9/telemetry');
    expect(r.payload).toBe(payload);
  });

  it('remaps the devices inside a gateway batch, and shifts timestamps when asked', () => {
    const body = {
      v: 1,
      readings: [
        { device: 'm1', ts: 1000, metrics: {} },
        { device: 'x', ts: '1970-01-01T00:00:02Z', metrics: {} },
      ],
    };
    const r = remapMessage('plants/p1/gateways/gw1/telemetry', Buffer.from(JSON.stringify(body)), {
      ...remap,
      shiftMs: 500,
    });
    expect(r.topic).toBe('plants/p2/gateways/gw9/telemetry');
    expect(JSON.parse(r.payload.toString())).toEqual({
      v: 1,
      readings: [
        { device: 'm9', ts: 1500, metrics: {} },
        { device: 'x', ts: '1970-01-01T00:00:02.500Z', metrics: {} },
      ],
    });
  });

  it('keeps broken payloads as they are, and binary ones through base64', () => {
    const bad = Buffer.from('{"v":1,');
    expect(remapMessage('plants/p1/devices/m1/telemetry', bad, { shiftMs: 5 }).payload).toBe(bad);
    const bin = Buffer.from([0x7b, 0xff, 0x7d]);
    expect(messageBytes(JSON.parse(encodeMessage(0, 't', 1, bin)))).toEqual(bin);
  });
});

describe('CSV import', () => {
  it('groups rows into readings per device and time, with timing from the timestamps', () => {
    const csv = [
      '# historic export',
      'timestamp,plant,device,metric,value,unit',
      '2026-11-20T08:00:00+08:00,p1,m1,active_power,48.5,kW',
      '2026-11-20T08:00:00+08:00,p1,m1,current,90,A',
      '1795133100000,p1,m1,active_power,50,kW',
    ].join('\n');
    const rec = importCsv(csv);
    expect(rec.messages).toHaveLength(2);
    expect(rec.messages[1].t).toBe(5 * 60_000);
    expect(JSON.parse(rec.messages[0].payload!)).toEqual({
      v: 1,
      ts: Date.parse('2026-11-20T00:00:00Z'),
      metrics: { active_power: { value: 48.5, unit: 'kW' }, current: { value: 90, unit: 'A' } },
    });
    expect(
      parseRecording([JSON.stringify(rec.header), ...rec.messages.map((m) => JSON.stringify(m))].join('\n')).messages,
    ).toEqual(rec.messages);
  });

  it('lists bad rows by line number', () => {
    expect(() => importCsv('timestamp,plant,device,metric,value,unit\n2026-11-20T08:00:00,p1,m1,x,abc,kW')).toThrow(
      /line 2: timestamp[\s\S]*line 2: value "abc"/,
    );
    expect(() => importCsv('ts,device\n')).toThrow(/header lacks timestamp, plant, metric, value, unit/);
  });
});
