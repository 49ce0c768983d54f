/**
 * A virtualised grid of fixed-size cards: only the rows in view (and one either side) are in the DOM, whatever the
 * fleet size. Layout and paint of a page thousands of cards long, not JavaScript, is what saturated the browser's
 * main thread; with this the page holds a few dozen cards. Updates are coalesced into one pass per animation frame.
 */
export const CARD_H = 200; // the card's height in ops.css: a kiln card has the most rows
const MIN_W = 272;
const GAP = 10;

/**
 * The rows `[first, last)` to put in the page: those in view plus one either side. `past` is how far the grid's top
 * has scrolled above the scroller's top (negative while the grid starts lower down, under the overview); a grid that
 * starts below the scroller's bottom has none in view. (Unclamped, that case gave a negative end, and slice() kept
 * every card but the last row's: 20,000 cards in the page under 200 plant tiles.)
 */
export function rowsInView(past: number, height: number, rowH: number, rows: number): { first: number; last: number } {
  const first = Math.min(rows, Math.max(0, Math.floor(past / rowH) - 1));
  const last = Math.max(first, Math.min(rows, Math.ceil((past + height) / rowH) + 1));
  return { first, last };
}

export interface GridHooks {
  /** the card's markup for a key (one element) */
  create(key: string): string;
  /** writes the current values into a card */
  update(el: HTMLElement, key: string): void;
  /** the set of cards in the page changed (the summarised view asks the server for their values) */
  windowed?(keys: string[]): void;
}

export class VirtualGrid {
  private keys: string[] = [];
  private els = new Map<string, HTMLElement>();
  private dirty = new Set<string>();
  private layoutDirty = true;
  private frame = 0;
  private readonly inner: HTMLElement;
  private readonly tpl = document.createElement('template');

  constructor(
    private readonly scroller: HTMLElement,
    private readonly host: HTMLElement,
    private readonly hooks: GridHooks,
  ) {
    host.classList.add('vgrid');
    this.inner = document.createElement('div');
    this.inner.className = 'vgrid-window';
    host.replaceChildren(this.inner);
    scroller.addEventListener('scroll', () => this.relayout(), { passive: true });
    new ResizeObserver(() => this.relayout()).observe(host);
  }

  /** The keys to show, in order; the window is rebuilt only when the order changed. */
  setKeys(keys: string[]): void {
    if (keys.length === this.keys.length && keys.every((k, i) => k === this.keys[i])) return;
    this.keys = keys;
    this.relayout();
  }

  /** A key's values changed: its card is rewritten at the next frame, if it is in view. */
  touch(key: string): void {
    if (!this.els.has(key)) return;
    this.dirty.add(key);
    this.schedule();
  }

  /** Every card in view is rewritten at the next frame (language switch, ages). */
  touchAll(): void {
    for (const k of this.els.keys()) this.dirty.add(k);
    this.schedule();
  }

  /** Cards rebuilt from scratch (language switch: labels are in the markup). */
  rebuild(): void {
    this.els.clear();
    this.relayout();
  }

  get visibleKeys(): string[] {
    return [...this.els.keys()];
  }

  relayout(): void {
    this.layoutDirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.paint());
  }

  private paint(): void {
    this.frame = 0;
    if (this.layoutDirty) {
      this.layoutDirty = false;
      this.window();
    }
    for (const k of this.dirty) {
      const el = this.els.get(k);
      if (el) this.hooks.update(el, k);
    }
    this.dirty.clear();
  }

  private window(): void {
    const width = this.host.clientWidth || this.scroller.clientWidth;
    const cols = Math.max(1, Math.floor((width + GAP) / (MIN_W + GAP)));
    const rowH = CARD_H + GAP;
    const rows = Math.ceil(this.keys.length / cols);
    this.host.style.height = `${Math.max(0, rows * rowH - GAP)}px`;
    // how far the grid's top has scrolled above the scroller's top edge
    const past = this.scroller.getBoundingClientRect().top - this.host.getBoundingClientRect().top;
    const { first, last } = rowsInView(past, this.scroller.clientHeight, rowH, rows);
    this.inner.style.transform = `translateY(${first * rowH}px)`;
    this.inner.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
    const slice = this.keys.slice(first * cols, last * cols);
    const next = new Map<string, HTMLElement>();
    for (const k of slice) {
      let el = this.els.get(k);
      if (!el) {
        this.tpl.innerHTML = this.hooks.create(k);
        el = this.tpl.content.firstElementChild as HTMLElement;
        this.hooks.update(el, k);
      }
      next.set(k, el);
    }
    // reuse cards still in view; replaceChildren moves them without re-creating
    this.inner.replaceChildren(...next.values());
    const moved = next.size !== this.els.size || [...next.keys()].some((k) => !this.els.has(k));
    this.els = next;
    if (moved) this.hooks.windowed?.([...next.keys()]);
  }
}
