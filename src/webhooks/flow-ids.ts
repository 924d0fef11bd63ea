import { DEFAULT_LOCK_FILE, readFlowsLock } from '../whatsapp-api/flows-lock';

/**
 * Meta's Flow id → local flow name, from the deploy lock file (every account in it: Flow ids are
 * unique across WABAs). Empty when nothing was deployed from here.
 */
export function readFlowIds(file: string = DEFAULT_LOCK_FILE): Map<string, string> {
  const ids = new Map<string, string>();
  for (const account of Object.values(readFlowsLock(file).accounts)) {
    for (const [name, flow] of Object.entries(account.flows)) ids.set(flow.id, name);
  }
  return ids;
}
