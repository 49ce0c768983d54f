import { createHmac } from 'node:crypto';
import { sign, verify } from './signature.js';
import { checkSubscribers, wants } from './subscribers.js';
import { backoffMs } from './webhook.service.js';

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", checked in constant time with a replay window', () => {
    const body = '{"id":"x"}';
    const expected = createHmac('sha256', 's3cret').update(`1700000000000.${body}`).digest('hex');
    expect(sign('s3cret', 1_700_000_000_000, body)).toBe(`sha256=${expected}`);
    const sig = sign('s3cret', 1_700_000_000_000, body);
    expect(verify('s3cret', 1_700_000_000_000, body, sig, 1_700_000_060_000)).toBe(true);
    expect(verify('s3cret', 1_700_000_000_000, body + ' ', sig, 1_700_000_060_000)).toBe(false);
    expect(verify('other', 1_700_000_000_000, body, sig, 1_700_000_060_000)).toBe(false);
    expect(verify('s3cret', 1_700_000_000_000, body, sig, 1_700_000_000_000 + 6 * 60_000)).toBe(false);
  });
});

describe('webhook subscribers file', () => {
  it('lists every problem at once', () => {
    const problems = checkSubscribers([
      { id: 'a', url: 'ftp://x', secret: 'short' },
      { id: 'a', url: 'not a url', secret: '0123456789abcdef', events: ['alert.deleted'] },
      { url: 'https://ok.example/hook', secret: '0123456789abcdef' },
    ]);
    expect(problems).toEqual([
      '[0] (a): url must be http(s)',
      '[0] (a): secret needs ≥ 16 characters',
      '[1] (a): duplicate id',
      '[1] (a): url is not a URL',
      '[1] (a): unknown event "alert.deleted" (alert.changed, plant.flood, monitoring.daily, monitoring.monthly)',
      '[2]: needs an id',
    ]);
  });

  it('filters by event type and plant', () => {
    const s = {
      id: 'r',
      url: 'https://r/h',
      secret: '0123456789abcdef',
      plantIds: ['p1'],
      events: ['alert.changed' as const],
    };
    expect(wants(s, 'alert.changed', 'p1')).toBe(true);
    expect(wants(s, 'alert.changed', 'p2')).toBe(false);
    expect(wants(s, 'plant.flood', 'p1')).toBe(false);
  });

  it('sends monitoring reports only to subscribers that list them; an enterprise matches through any of its plants', () => {
    const alertsOnly = { id: 'a', url: 'https://a/h', secret: '0123456789abcdef' };
    const platform = { ...alertsOnly, id: 'p', events: ['monitoring.monthly' as const], plantIds: ['p2'] };
    expect(wants(alertsOnly, 'alert.changed', 'p1')).toBe(true);
    expect(wants(alertsOnly, 'monitoring.monthly', ['p1'])).toBe(false);
    expect(wants(platform, 'monitoring.monthly', ['p1', 'p2'])).toBe(true);
    expect(wants(platform, 'monitoring.monthly', ['p1'])).toBe(false);
    expect(wants(platform, 'monitoring.daily', ['p2'])).toBe(false);
  });

  it('backs off exponentially up to five minutes', () => {
    expect([1, 2, 3, 10, 30].map(backoffMs)).toEqual([1000, 2000, 4000, 300_000, 300_000]);
  });
});
