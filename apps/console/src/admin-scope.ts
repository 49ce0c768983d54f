import { REGION_CODE, type PlantSpec } from '#contracts';
import type { Role, Scope } from './access.js';
import { tm } from './admin-labels.js';
import type { Lang } from './i18n.js';

/**
 * The scope part of the user and token forms: plants and enterprises for operators and technicians, region codes
 * for regulators, nothing for administrators. What is offered is what the fleet holds.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function scopeFieldsHtml(lang: Lang, role: Role, plants: readonly PlantSpec[]): string {
  if (role === 'admin') return `<p class="muted">${tm(lang, 'scopeAdmin')}</p>`;
  if (role === 'regulator')
    return `<label><span>${tm(lang, 'regions')}</span>
      <input name="regions" inputmode="numeric" autocomplete="off" placeholder="610100, 610300" /></label>`;
  const enterprises = [...new Set(plants.map((p) => p.enterprise).filter((e): e is string => !!e))].sort();
  const box = (name: string, value: string, label: string) =>
    `<label class="check"><input type="checkbox" name="${name}" value="${esc(value)}" /> ${esc(label)}</label>`;
  return `<legend>${tm(lang, 'plants')}</legend>
    <div class="checks">${plants
      .map((p) => box('plants', p.id, `${(lang === 'zh' && p.nameZh) || p.name} (${p.id})`))
      .join('')}</div>
    ${
      enterprises.length
        ? `<div class="checks"><span class="muted">${tm(lang, 'enterprises')}</span>${enterprises
            .map((e) => box('enterprises', e, e))
            .join('')}</div>`
        : ''
    }`;
}

/** The scope the form describes, or the problem with it. */
export function readScope(form: HTMLFormElement, role: Role, lang: Lang): { scope: Scope } | { problem: string } {
  if (role === 'admin') return { scope: {} };
  if (role === 'regulator') {
    const input = form.elements.namedItem('regions') as HTMLInputElement | null;
    const regions = (input?.value ?? '')
      .split(/[\s,，、]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = regions.filter((r) => !REGION_CODE.test(r));
    if (bad.length) return { problem: tm(lang, 'e_REGION', { u: bad.join(', ') }) };
    return regions.length ? { scope: { regions } } : { problem: tm(lang, 'e_SCOPE') };
  }
  const checked = (name: string) =>
    [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
  const plants = checked('plants');
  const enterprises = checked('enterprises');
  if (!plants.length && !enterprises.length) return { problem: tm(lang, 'e_SCOPE') };
  return { scope: { ...(plants.length ? { plants } : {}), ...(enterprises.length ? { enterprises } : {}) } };
}
