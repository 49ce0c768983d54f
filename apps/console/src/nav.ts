import type { Lang } from './i18n.js';

/**
 * The console's navigation in one place: the routes of the operators' display (a hash, so a link to a unit can be
 * shared and the back button works) and the top-level pages. Role-aware navigation extends `PAGES`.
 */
export type Route =
  | { view: 'overview' }
  /** a plant, or one area of it (ISA-101 level 3; '': its units without an area) */
  | { view: 'plant'; plantId: string; area?: string }
  | { view: 'unit'; plantId: string; deviceId: string };

export function parseRoute(hash: string): Route {
  const [, view, a, b, c] = hash.replace(/^#/, '').split('/').map(decodeURIComponent);
  if (view === 'plant' && a && b === 'area' && c !== undefined) return { view: 'plant', plantId: a, area: c };
  if (view === 'plant' && a) return { view: 'plant', plantId: a };
  if (view === 'unit' && a && b) return { view: 'unit', plantId: a, deviceId: b };
  return { view: 'overview' };
}

export function routeHref(r: Route): string {
  const e = encodeURIComponent;
  if (r.view === 'plant')
    return r.area !== undefined ? `#/plant/${e(r.plantId)}/area/${e(r.area)}` : `#/plant/${e(r.plantId)}`;
  if (r.view === 'unit') return `#/unit/${e(r.plantId)}/${e(r.deviceId)}`;
  return '#/';
}

/** The pages of the top bar, in both languages. */
export const PAGES = [
  { id: 'console', href: '/', label: { zh: '运行监视', en: 'Operations' } },
  { id: 'technician', href: '/technician.html', label: { zh: '调试维护', en: 'Technicians' } },
  { id: 'ledger', href: '/ledger.html', label: { zh: '能源台账', en: 'Energy ledger' } },
  { id: 'regulator', href: '/regulator.html', label: { zh: '监管', en: 'Regulator' } },
] as const;

/** The top bar's page links; `current` is marked. */
export function pageLinks(lang: Lang, current: (typeof PAGES)[number]['id']): string {
  return PAGES.map(
    (p) =>
      `<a class="navlink${p.id === current ? ' on' : ''}" href="${p.href}"${p.id === current ? ' aria-current="page"' : ''}>${p.label[lang]}</a>`,
  ).join('');
}
