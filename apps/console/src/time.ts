import type { Lang } from './i18n.js';

/**
 * Plants in the registry are in China unless their spec names another IANA zone; times a plant's people read are in
 * its own zone, named, whatever the browser's zone is.
 */
export const DEFAULT_TZ = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();

export function formatInZone(ts: number, lang: Lang, timeZone: string): string {
  const k = `${lang}|${timeZone}`;
  let f = cache.get(k);
  if (!f)
    cache.set(
      k,
      (f = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
        timeZoneName: 'short',
      })),
    );
  return f.format(ts);
}
