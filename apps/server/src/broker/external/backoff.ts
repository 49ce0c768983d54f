/** Reconnect delays that double from `first` to `max`, with ±20 % jitter so restarted processes do not reconnect in step. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly first: number,
    private readonly max: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const base = Math.min(this.max, this.first * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
