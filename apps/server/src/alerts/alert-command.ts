import type { Alert, AlertQuery, FloodEvent } from '#contracts';

/** An operator's action on one alert, as the API received it from the authenticated user `by`. */
export type AlertCommand =
  | { op: 'acknowledge' | 'resolve' | 'unshelve'; id: string; by: string; comment?: string }
  | { op: 'shelve'; id: string; by: string; reason?: string; durationMs: number };

/**
 * Where alerts live when this process does not hold them all (scale-out mode): lists and single alerts are read from
 * the state store, and actions are carried out by the process that owns the alert's plant. Absent in all-in-one mode,
 * where the process's own AlertBook holds every alert.
 */
export abstract class AlertRemote {
  abstract list(filter: AlertQuery): Promise<Alert[]>;
  /** the alert, or an AlertError 404 */
  abstract get(id: string): Promise<Alert>;
  abstract floods(): Promise<FloodEvent[]>;
  /** carries out the action where the alert's plant is owned; rejects as the owner's AlertBook would */
  abstract act(plantId: string, cmd: AlertCommand): Promise<Alert>;
}

/** The list filter of `GET /api/alerts`, newest change first (one definition for the book and the store). */
export function filterAlerts(alerts: Iterable<Alert>, filter: AlertQuery): Alert[] {
  const has = (list: string | undefined, v: string) => !list || list.split(',').includes(v);
  return [...alerts]
    .filter(
      (a) =>
        (!filter.plantId || a.plantId === filter.plantId) &&
        (!filter.deviceId || a.deviceId === filter.deviceId) &&
        has(filter.state, a.state) &&
        has(filter.priority, a.priority) &&
        has(filter.kind, a.kind),
    )
    .sort((x, y) => (y.updatedAt ?? 0) - (x.updatedAt ?? 0));
}
