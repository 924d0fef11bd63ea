import type { FlowsLock } from '../whatsapp-api/flows-lock';
import type { WhatsAppApi } from '../whatsapp-api/whatsapp-api';
import { UsageError } from './usage-error';

/**
 * A Flow addressed by its remote id (digits) or by its local name: the lock file's id for this
 * account first, else the remote Flow of that name.
 */
export async function resolveFlowId(
  api: WhatsAppApi,
  lock: FlowsLock,
  ref: string,
): Promise<string> {
  if (/^\d+$/.test(ref)) return ref;
  const locked = lock.accounts[api.account]?.flows[ref];
  if (locked) return locked.id;
  const remote = (await api.listFlows()).find((flow) => flow.name === ref);
  if (remote) return remote.id;
  throw new UsageError(
    `no Flow "${ref}" at ${api.provider} (${api.account}): deploy it first, or give its id`,
  );
}
