import type { Store } from './store';

/**
 * Whether the store answers within `timeoutMs`: 'ok', or why not, in words for /readyz. A store
 * slower than that counts as unreachable: a load balancer should look elsewhere.
 */
export async function pingWithin(store: Store, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([store.ping().then(() => 'ok'), timeout]);
  } catch (err) {
    return `unreachable (${(err as Error).message})`;
  } finally {
    clearTimeout(timer);
  }
}
