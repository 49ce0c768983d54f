import type { Reading } from '#contracts';
import { byPartition, compareIds, decodeEntry } from './log-entries.js';

const reading = (plantId: string, ts: number): Reading =>
  ({ plantId, deviceId: 'd', ts, metrics: { p_kw: 1 } }) as unknown as Reading;

describe('readings log entries', () => {
  it('groups a message by the partition of each reading, in message order', () => {
    const rs = [reading('a', 1), reading('b', 2), reading('a', 3)];
    const groups = byPartition(rs, 1);
    expect([...groups.keys()]).toEqual([0]);
    expect(groups.get(0)!.map((r) => r.ts)).toEqual([1, 2, 3]);
    const many = byPartition(rs, 64);
    expect([...many.values()].flat().length).toBe(3);
    for (const [, list] of many) expect(new Set(list.map((r) => r.plantId)).size).toBe(1);
  });

  it('decodes readings and commands, and reports what does not parse instead of throwing', () => {
    expect(decodeEntry(['r', JSON.stringify([reading('a', 1)])])).toEqual({ readings: [reading('a', 1)] });
    const command = { rid: 'x', plantId: 'a', deadline: 5, cmd: { op: 'acknowledge', id: 'al-1', by: 'li' } };
    expect(decodeEntry(['c', JSON.stringify(command)])).toEqual({ command });
    expect(decodeEntry(['r', '{'])).toHaveProperty('bad');
    expect(decodeEntry(['r', '{}'])).toEqual({ bad: 'r is not an array' });
    expect(decodeEntry(['x', '1'])).toEqual({ bad: 'neither r nor c' });
    expect(decodeEntry(['c', JSON.stringify({ ...command, cmd: { op: 'delete', id: 'al-1', by: 'li' } })])).toEqual({
      bad: 'malformed command',
    });
    expect(decodeEntry(['c', JSON.stringify({ ...command, cmd: { op: 'resolve', id: '', by: 'li' } })])).toEqual({
      bad: 'command without alert id or user',
    });
  });

  it('orders stream ids by time, then sequence (not as strings)', () => {
    expect(compareIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareIds('10-1', '10-1')).toBe(0);
    expect(compareIds('1700000000000-5', '0-0')).toBeGreaterThan(0);
  });
});
