/**
 * Sockets that have not yet sent CONNECT, kept apart from the sessions so they cannot fill the connection cap. A
 * device sends CONNECT as soon as its socket is open; a socket that does not is closed by the CONNECT timeout, and
 * when more than `maxIdle` wait at once the one that has waited longest is closed to make room: a flood of idle
 * sockets then delays nobody who speaks.
 */
export class ConnectionGate<C extends { close(): void }> {
  /** insertion order = age, oldest first */
  private readonly idle = new Set<C>();
  evicted = 0;

  constructor(private readonly maxIdle: number) {}

  opened(c: C): void {
    this.idle.add(c);
    if (this.idle.size <= this.maxIdle) return;
    const oldest = this.idle.values().next().value!;
    this.idle.delete(oldest);
    this.evicted++;
    oldest.close();
  }

  /** CONNECT arrived (or the socket closed): no longer idle. */
  spoke(c: C): void {
    this.idle.delete(c);
  }

  get waiting(): number {
    return this.idle.size;
  }
}
