import { WrittenSamples } from './server-metrics.js';

describe("the store's written count sampled over a stage", () => {
  it('gives the rate between two instants, interpolating between samples', () => {
    const s = new WrittenSamples([
      [0, 0],
      [1000, 1000],
      [2000, 3000],
    ]);
    expect(s.rate(500, 1500)).toBe(1500);
  });

  it('gives no rate when the samples stop before the stage ends (a starved server left /metrics unanswered)', () => {
    const s = new WrittenSamples([
      [0, 0],
      [300, 10],
    ]);
    // read off the one early sample, the store would seem to write 10 readings in 10 s
    expect(s.rate(0, 10_000)).toBeNaN();
  });
});
