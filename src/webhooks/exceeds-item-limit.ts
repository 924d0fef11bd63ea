import { isRecord } from '../util/is-record';

/** Most entries, changes and messages one delivery may hold together; Meta batches far fewer. */
export const MAX_DELIVERY_ITEMS = 1_000;

/**
 * Whether a parsed delivery holds more than `limit` entries, changes and messages together,
 * counted from array lengths (stopping once over) before any item is read with its schema: a
 * body of a million messages costs its parse, not a million schema checks.
 */
export function exceedsItemLimit(body: unknown, limit = MAX_DELIVERY_ITEMS): boolean {
  if (!isRecord(body)) return false;
  let count = 0;
  const over = (items: unknown) => {
    if (Array.isArray(items)) count += items.length;
    return count > limit;
  };
  if (over(body.messages) || over(body.entry)) return true;
  const entries: unknown[] = Array.isArray(body.entry) ? body.entry : [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    if (over(entry.changes)) return true;
    const changes: unknown[] = Array.isArray(entry.changes) ? entry.changes : [];
    for (const change of changes) {
      if (isRecord(change) && isRecord(change.value) && over(change.value.messages)) return true;
    }
  }
  return false;
}
