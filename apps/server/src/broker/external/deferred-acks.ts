import type { IPublishPacket, MqttClient } from 'mqtt';

/** Returned to mqtt.js's `handleMessage` callback: it then sends no PUBACK and reads the next packet. */
const DEFERRED = Object.assign(new Error('acknowledgement deferred until the message is durable'), {
  deferred: true,
});

/**
 * Lets many deliveries of one connection be handled at once, each acknowledged only when its own handling is done.
 *
 * mqtt.js reads a connection's packets strictly one at a time: the next is parsed only after the current one's PUBACK
 * is sent. Its `customHandleAcks` and `handleMessage` hooks can delay that PUBACK, but then the whole connection waits,
 * and a consumer that fsyncs each message would take one message per fsync (and its PINGRESPs would queue behind).
 * So the PUBACK is taken out of mqtt.js's hands: `handleMessage` returns an error (mqtt.js then sends no PUBACK and
 * goes on to the next packet; documented in its handlers/publish.js) and the PUBACK is sent here when `handle`
 * resolves. The broker keeps at most receiveMaximum deliveries unacknowledged (MQTT 5 §4.9), which bounds what is in
 * flight. A PUBACK may then go out of order, which brokers accept (they match it by packet id).
 */
export function deferAcks(
  client: MqttClient,
  handle: (packet: IPublishPacket) => Promise<void>,
  onFailure: (err: Error, packet: IPublishPacket) => void,
): void {
  const send = (client as unknown as { _sendPacket?: (p: object, cb?: () => void) => void })._sendPacket;
  if (typeof send !== 'function') throw new Error('this mqtt.js version has no _sendPacket: deferred PUBACKs need it');
  let connection = 0;
  client.on('connect', () => connection++);
  client.handleMessage = (packet, callback) => {
    if (packet.qos === 0) return callback();
    if (packet.qos !== 1) {
      // QoS 2 would need the PUBREC/PUBREL exchange held back too: the subscription asks for QoS 1 at most
      onFailure(new Error('QoS 2 delivery on a QoS 1 subscription'), packet);
      return callback(DEFERRED);
    }
    const from = connection;
    handle(packet).then(
      () => {
        // an acknowledgement belongs to the connection the delivery came on: after a reconnect the broker resends
        // what was unacknowledged (MQTT-4.4.0-1), and that copy is acknowledged when it is handled in turn
        if (from === connection && client.connected)
          send.call(client, { cmd: 'puback', messageId: packet.messageId, reasonCode: 0 });
      },
      (err: Error) => onFailure(err, packet),
    );
    callback(DEFERRED);
  };
}
