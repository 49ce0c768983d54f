import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { WebhookEnvelope } from '#contracts';

/** A regulator's (or any system's) webhook endpoint, from the file named by QW_WEBHOOKS_FILE. */
export interface WebhookSubscriber {
  id: string;
  url: string;
  /** shared secret for the HMAC signature; at least 16 characters */
  secret: string;
  /** only these plants (default all) */
  plantIds?: string[];
  /** only these event types (default all) */
  events?: Array<WebhookEnvelope['type']>;
}

const EVENT_TYPES: Array<WebhookEnvelope['type']> = [
  'alert.changed',
  'plant.flood',
  'monitoring.daily',
  'monitoring.monthly',
];
/** pushed only to subscribers that list them: an alert receiver does not start getting indicator reports */
const OPT_IN: Array<WebhookEnvelope['type']> = ['monitoring.daily', 'monitoring.monthly'];

/** Reads and checks the subscribers file; throws listing every problem at once. */
export function loadSubscribers(path: string): WebhookSubscriber[] {
  if (!path) return [];
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`webhooks file ${path}: ${(e as Error).message}`, { cause: e });
  }
  const problems = checkSubscribers(doc);
  if (problems.length) throw new Error(`webhooks file ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return doc as WebhookSubscriber[];
}

export function checkSubscribers(doc: unknown): string[] {
  if (!Array.isArray(doc)) return ['expected a list of {id, url, secret, plantIds?, events?}'];
  const problems: string[] = [];
  const ids = new Set<string>();
  doc.forEach((s: Partial<WebhookSubscriber> | null, i) => {
    const at = `[${i}]${s && typeof s.id === 'string' ? ` (${s.id})` : ''}`;
    if (!s || typeof s.id !== 'string' || !s.id) problems.push(`${at}: needs an id`);
    else if (ids.has(s.id)) problems.push(`${at}: duplicate id`);
    else ids.add(s.id);
    let url: URL | undefined;
    try {
      url = new URL(String(s?.url));
    } catch {
      problems.push(`${at}: url is not a URL`);
    }
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`${at}: url must be http(s)`);
    if (!s || typeof s.secret !== 'string' || s.secret.length < 16)
      problems.push(`${at}: secret needs ≥ 16 characters`);
    if (s?.plantIds !== undefined && !Array.isArray(s.plantIds)) problems.push(`${at}: plantIds must be a list`);
    for (const e of s?.events ?? [])
      if (!EVENT_TYPES.includes(e)) problems.push(`${at}: unknown event "${e}" (${EVENT_TYPES.join(', ')})`);
  });
  return problems;
}

/** Whether the subscriber takes this event of one of these plants (an enterprise's report concerns all its plants). */
export function wants(s: WebhookSubscriber, type: WebhookEnvelope['type'], plantId: string | string[]): boolean {
  const listed = s.events ? s.events.includes(type) : !OPT_IN.includes(type);
  const plants = Array.isArray(plantId) ? plantId : [plantId];
  return listed && (!s.plantIds || plants.some((p) => s.plantIds!.includes(p)));
}
