import type { DeviceKpi } from '#contracts';
import { t, type Lang } from './i18n.js';

/** The KPI block of a device card: value with unit, grade / NDRC badge, unverified-baseline marker. */
export function kpiBlock(lang: Lang): string {
  return `<div class="kpi" hidden>
    <span class="kname"></span>
    <span class="kline"><b class="kval">—</b><small class="kunit"></small>
      <span class="badge grade"></span><span class="badge ndrc" hidden></span></span>
    <span class="kfoot"><span class="klimit"></span><span class="unv" hidden title="">⚠ ${t(lang, 'unverified')}</span></span>
  </div>`;
}

const digits = (v: number) => (Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 100 ? 1 : 2);
const fmt = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v)
    ? '—'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits(v), maximumFractionDigits: digits(v) });

const setText = (el: Element | null, text: string) => {
  if (el && el.textContent !== text) el.textContent = text;
};

/** Writes a KPI into its card; only text nodes and a few attributes change. */
export function updateKpi(card: HTMLElement, k: DeviceKpi, lang: Lang): void {
  const box = card.querySelector<HTMLElement>('.kpi');
  if (!box) return;
  box.hidden = false;
  setText(box.querySelector('.kname'), k.name[lang]);
  setText(box.querySelector('.kval'), fmt(k.value));
  setText(box.querySelector('.kunit'), k.unit);
  // a grade is shown only for a window the unit's state lets it be graded on: a start-up, a load change or a window
  // with too few readings would otherwise wear a "below grade 3" chip nobody is held to
  const reason = k.judgement?.reason;
  const gradable =
    reason === undefined || reason === 'LEARNING' || reason === 'OUTSIDE_BASELINE' || reason === 'NO_SPREAD';
  const grade = box.querySelector<HTMLElement>('.grade')!;
  grade.hidden = k.grade === undefined || !gradable;
  grade.dataset.grade = String(k.grade ?? '');
  setText(
    grade,
    k.grade === 'below'
      ? t(lang, 'belowGrade3')
      : lang === 'zh'
        ? `${k.grade}${t(lang, 'grade')}`
        : `${t(lang, 'grade')}${k.grade}`,
  );
  const ndrc = box.querySelector<HTMLElement>('.ndrc')!;
  ndrc.hidden = k.ndrc === undefined || !gradable;
  ndrc.dataset.level = k.ndrc ?? '';
  if (k.ndrc) setText(ndrc, t(lang, `ndrc_${k.ndrc}`));
  // a window that was not judged says why (a reason code), instead of a limit nobody is held to
  setText(
    box.querySelector('.klimit'),
    reason ? t(lang, `j_${reason}`) : k.limit !== undefined ? `${t(lang, 'limit')} ${fmt(k.limit)} ${k.unit}` : '',
  );
  box.dataset.judgement = k.judgement?.status ?? '';
  const unv = box.querySelector<HTMLElement>('.unv')!;
  unv.hidden = !k.unverified;
  unv.title = k.citation ?? '';
}
