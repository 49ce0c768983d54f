// Jest's order, with one change for a run without timings from a previous one (a fresh checkout, as in CI): suites
// that drive a real browser go first, then those that start the built server (test/e2e, and the benchmarks' smoke
// runs), then the rest, each group largest file first. With two workers the long suites then start early instead of
// one of them running alone at the end. Once jest has timings (its cache), they decide, as by default.
import { createRequire } from 'node:module';

const Sequencer = createRequire(import.meta.url)('@jest/test-sequencer').default;

export default class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    // Jest's sort puts suites that failed last time first, then those without a time (largest first), then the
    // others (longest first); the re-sort is stable, so it keeps that order within a weight
    return super.sort(tests).sort((a, b) => this.weight(b) - this.weight(a));
  }

  /** how early a suite starts: the larger, the earlier */
  weight(test) {
    if (this.hasFailed(test)) return 4;
    if (test.duration != null) return 0;
    if (/\/test\/browser\//.test(test.path)) return 3;
    return /\/test\/e2e\/|\/bench\/.*\.test\.ts$/.test(test.path) ? 2 : 1;
  }
}
