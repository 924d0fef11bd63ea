import type { Store } from '../store/store';

/** The answer that completed a flow, kept so that WhatsApp's resend gets it again. */
export interface CompletionRecord {
  requestHash: string;
  payload: Record<string, unknown>;
}

const completionKey = (tokenKey: string) => `completed:${tokenKey}`;

export async function findCompletion(
  store: Store,
  tokenKey: string,
): Promise<CompletionRecord | undefined> {
  const stored = await store.get(completionKey(tokenKey));
  return stored === undefined ? undefined : (JSON.parse(stored) as CompletionRecord);
}

/** Kept while the token could still be presented; the first completion wins. */
export async function recordCompletion(
  store: Store,
  tokenKey: string,
  record: CompletionRecord,
  ttlSeconds: number,
): Promise<void> {
  await store.setIfAbsent(completionKey(tokenKey), JSON.stringify(record), ttlSeconds);
}
