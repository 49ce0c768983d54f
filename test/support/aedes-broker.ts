import { createServer, type AddressInfo, type Server } from 'node:net';

/** A bare aedes broker on an ephemeral loopback port (no platform behind it), for simulator round trips. */
export async function startAedes(
  /** username → password; when given, other credentials are refused (CONNACK "bad username or password") */
  users?: Map<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker(
    users
      ? {
          authenticate: (_client, username, password, done) => {
            const ok = !!username && users.get(username) === password?.toString();
            done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 }), ok);
          },
        }
      : {},
  );
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
