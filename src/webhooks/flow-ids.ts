import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** Where `flows deploy` keeps each local flow's Meta Flow id. */
export const DEFAULT_LOCK_FILE = 'flows.lock.json';

const entrySchema = z.looseObject({
  id: z.string().optional(),
  flow_id: z.string().optional(),
  flowId: z.string().optional(),
});
/** `{name: {id}}`, or the same under `flows`: the lock file's format is read loosely. */
const lockSchema = z.union([
  z.looseObject({ flows: z.record(z.string(), entrySchema) }),
  z.record(z.string(), z.unknown()),
]);

/** Meta's Flow id → local flow name, from the deploy lock file; empty when there is none. */
export function readFlowIds(path: string = DEFAULT_LOCK_FILE): Map<string, string> {
  const ids = new Map<string, string>();
  if (!existsSync(path)) return ids;
  let parsed;
  try {
    parsed = lockSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return ids;
  }
  if (!parsed.success) return ids;
  const entries =
    'flows' in parsed.data && typeof parsed.data.flows === 'object'
      ? parsed.data.flows
      : parsed.data;
  for (const [name, value] of Object.entries(entries as Record<string, unknown>)) {
    const entry = entrySchema.safeParse(value);
    const id = entry.success
      ? (entry.data.id ?? entry.data.flow_id ?? entry.data.flowId)
      : undefined;
    if (id !== undefined) ids.set(id, name);
  }
  return ids;
}
