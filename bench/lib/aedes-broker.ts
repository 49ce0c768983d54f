/**
 * A bare aedes broker for the passthrough reference: no hooks, no persistence beyond aedes' in-memory default.
 * Run as its own process (like Mosquitto and the qinwatt server) so it gets a core to itself.
 * Usage: node aedes-broker.js PORT   → prints "listening PORT" when ready.
 */
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

const port = Number(process.argv[2] ?? 0);
const broker = await Aedes.createBroker();
const server = createServer(broker.handle);
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
process.once('SIGTERM', () => broker.close(() => server.close(() => process.exit(0))));
