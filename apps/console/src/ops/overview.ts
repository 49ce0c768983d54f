import { EQUIPMENT_CLASSES } from '#contracts';
import { classLabel, type Lang } from '../i18n.js';
import { routeHref, type Route } from '../nav.js';
import type { Filter, Model } from './model.js';
import { STATUS_ORDER, STATUS_SHAPE, type Status } from './status.js';
import { statusLabel, to } from './labels.js';
import { esc } from './card.js';

export interface OverviewHooks {
  lang: () => Lang;
  route: () => Route;
  /** the filter changed: the list is rebuilt */
  changed: () => void;
}

/**
 * The top of the display (ISA-101 level 1 and 2): where you are (all plants › a plant), the count of units in
 * each state (each a filter), one tile per plant with its own counts, and the class filter and search.
 */
export function mountOverview(host: HTMLElement, model: Model, hooks: OverviewHooks) {
  const f: Filter = { search: '' };
  host.innerHTML = `<nav class="crumbs" aria-label="breadcrumb"></nav>
    <div class="states" role="toolbar"></div>
    <div class="plants"></div>
    <div class="filters"><select class="f-class" aria-label="class"></select>
      <input class="f-search" type="search" autocomplete="off" /><span class="shown"></span></div>`;
  const crumbs = host.querySelector<HTMLElement>('.crumbs')!;
  const states = host.querySelector<HTMLElement>('.states')!;
  const plants = host.querySelector<HTMLElement>('.plants')!;
  const cls = host.querySelector<HTMLSelectElement>('.f-class')!;
  const search = host.querySelector<HTMLInputElement>('.f-search')!;
  const shownEl = host.querySelector<HTMLElement>('.shown')!;
  let shownCount = 0;
  let lastTiles = '';

  const chip = (s: Status, n: number, on: boolean, l: Lang) =>
    `<button type="button" class="chip" data-status="${s}" aria-pressed="${on}" ${n === 0 && s !== 'normal' ? 'data-zero' : ''}>
      <span class="shape">${STATUS_SHAPE[s] || '·'}</span> ${statusLabel(l, s)} <b>${n}</b></button>`;

  /** A plant's or an area's tile: its worst state, its total and a count per abnormal state (each with its shape). */
  function tile(
    c: Record<Status, number>,
    name: string,
    href: string,
    plantId: string,
    l: Lang,
    area?: string,
    on = false,
  ) {
    const worst = STATUS_ORDER.find((s) => c[s] > 0) ?? 'normal';
    const total = STATUS_ORDER.reduce((n, s) => n + c[s], 0);
    const abnormal = STATUS_ORDER.filter((s) => s !== 'normal' && c[s] > 0)
      .map((s) => `<span class="pc" data-status="${s}">${STATUS_SHAPE[s]} ${c[s]}</span>`)
      .join('');
    const areaAttr = area !== undefined ? ` data-area="${esc(area)}" aria-current="${on}"` : '';
    return `<a class="plant-tile" data-status="${worst}" data-plant="${esc(plantId)}"${areaAttr} href="${href}">
      <span class="pname">${esc(name)}</span><span class="ptotal">${total} ${to(l, total === 1 ? 'unit' : 'units')}</span>
      <span class="pcounts">${abnormal || `<span class="pc">${statusLabel(l, 'normal')}</span>`}</span></a>`;
  }

  /** `shown`: how many units pass the filters (the caller has just listed them) */
  function render(shown?: number): void {
    const l = hooks.lang();
    const r = hooks.route();
    const plantName = (id: string) => {
      const p = model.plants.get(id);
      return (l === 'zh' && p?.nameZh) || p?.name || id;
    };
    const areaName = (a: string) => (a ? a : to(l, 'noArea'));
    const home = `<a href="${routeHref({ view: 'overview' })}">${to(l, 'allPlants')}</a>`;
    crumbs.innerHTML =
      r.view === 'overview'
        ? `<b>${to(l, 'allPlants')}</b>`
        : r.view === 'plant' && r.area !== undefined
          ? `${home} › <a href="${routeHref({ view: 'plant', plantId: r.plantId })}">${esc(plantName(r.plantId))}</a> › <b>${esc(areaName(r.area))}</b>`
          : `${home} › <b>${esc(plantName(r.plantId))}</b>`;
    const counts = model.counts(f.plantId, f.area);
    states.innerHTML = STATUS_ORDER.map((s) => chip(s, counts[s], f.status === s, l)).join('');
    // level 2 shows one tile per plant; level 3 (a plant) one per area, each with its counts per state
    const level = r.view === 'overview' ? 'plants' : r.view === 'plant' ? 'areas' : undefined;
    plants.hidden = !level;
    plants.dataset.level = level ?? '';
    if (level === 'plants') {
      const byPlant = model.countsByPlant();
      const none = model.counts('\u0000'); // all zero
      // exceptions first (ISA-101): plants by their worst state, then in the snapshot's order
      const worst = (c: Record<Status, number>) => STATUS_ORDER.findIndex((s) => c[s] > 0);
      const html = [...model.plants.values()]
        .map((p, i) => ({ p, i, c: byPlant.get(p.id) ?? none }))
        .sort((a, b) => worst(a.c) - worst(b.c) || a.i - b.i)
        .map(({ p, c }) => tile(c, plantName(p.id), routeHref({ view: 'plant', plantId: p.id }), p.id, l))
        .join('');
      // rewritten only when it changed: 200 plant tiles laid out again every second cost a long task
      if (html !== lastTiles) plants.innerHTML = lastTiles = html;
    }
    if (level !== 'plants') lastTiles = '';
    if (level === 'areas' && r.view === 'plant')
      plants.innerHTML = model
        .areas(r.plantId)
        .map((a) =>
          tile(
            model.counts(r.plantId, a),
            areaName(a),
            routeHref(
              r.area === a ? { view: 'plant', plantId: r.plantId } : { view: 'plant', plantId: r.plantId, area: a },
            ),
            r.plantId,
            l,
            a,
            r.area === a,
          ),
        )
        .join('');
    const present = new Set([...model.units.values()].map((u) => u.device.class));
    const opts = [`<option value="">${to(l, 'allClasses')}</option>`]
      .concat(
        EQUIPMENT_CLASSES.filter((c) => present.has(c)).map(
          (c) => `<option value="${c}"${f.cls === c ? ' selected' : ''}>${esc(classLabel(l, c))}</option>`,
        ),
      )
      .join('');
    if (cls.innerHTML !== opts) cls.innerHTML = opts;
    search.placeholder = to(l, 'search');
    if (shown !== undefined) shownCount = shown;
    shownEl.textContent = `${shownCount} ${to(l, 'shown')}`;
  }

  states.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-status]');
    if (!b) return;
    const s = b.dataset.status as Status;
    f.status = f.status === s ? undefined : s;
    hooks.changed();
  });
  cls.addEventListener('change', () => {
    f.cls = cls.value || undefined;
    hooks.changed();
  });
  search.addEventListener('input', () => {
    f.search = search.value;
    hooks.changed();
  });

  return {
    filter: () => f,
    render,
    /** the route changed: a plant view filters to its plant */
    route(): void {
      const r = hooks.route();
      f.plantId = r.view === 'overview' ? undefined : r.plantId;
      f.area = r.view === 'plant' ? r.area : undefined;
    },
  };
}
