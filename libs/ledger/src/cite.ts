import type { Citation } from '#contracts';

/**
 * Where a figure comes from. `confidence` uses the same scale as the equipment baselines:
 * - confirmed: read in the primary document itself;
 * - transcribed: copied from one secondary source (a news report or reference note quoting the document);
 * - derived: computed by a stated rule from other figures (e.g. NCV / 29.3076 MJ per kgce);
 * - recalled: from memory of the document, no text at hand: check before filing a report;
 * - unverified: entered by a site, not checked.
 */
export type Confidence = Citation['confidence'];

const RANK: Record<Confidence, number> = { confirmed: 4, transcribed: 3, derived: 2, recalled: 1, unverified: 0 };

/** A result built from several figures is only as sure as the least sure one; built from none, it is unverified. */
export const weakest = (...c: Confidence[]): Confidence =>
  c.length ? c.reduce((a, b) => (RANK[b] < RANK[a] ? b : a)) : 'unverified';

/** A citation's shape is the API's (libs/contracts CitationSchema). */
export type { Citation };
