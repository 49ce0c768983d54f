import { dynsecAcls } from './dynsec-roles.js';

const device = { id: 'm1', plantId: 'p1' } as never;

describe('dynsecAcls: the broker enforces what the embedded broker enforces', () => {
  it('a device publishes only its telemetry and subscribes only to its errors and commands', () => {
    expect(dynsecAcls({ kind: 'device', spec: device }).map((a) => [a.acltype, a.topic])).toEqual([
      ['publishClientSend', 'plants/p1/devices/m1/telemetry'],
      ['subscribeLiteral', 'plants/p1/devices/m1/errors'],
      ['subscribeLiteral', 'plants/p1/devices/m1/commands'],
    ]);
  });

  it('a gateway its gateway topics; a reader subscribes under its scope and publishes nothing', () => {
    expect(dynsecAcls({ kind: 'gateway', spec: { id: 'g1', plantId: 'p1' } as never }).map((a) => a.topic)).toEqual([
      'plants/p1/gateways/g1/telemetry',
      'plants/p1/gateways/g1/errors',
    ]);
    expect(dynsecAcls({ kind: 'reader', spec: { id: 'r1', plantId: 'p2' } })).toEqual([
      { acltype: 'subscribePattern', topic: 'plants/p2/#', allow: true },
    ]);
  });
});
