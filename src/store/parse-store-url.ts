export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string };

export const STORE_URL_FORMAT = 'STORE_URL must be sqlite:<path> or redis://host:port[/db]';

/**
 * `sqlite:<path>` (relative to the working directory, or absolute; `sqlite::memory:` for a
 * throw-away store) or `redis://host:port[/db]` (`rediss://` for TLS). Anything else throws an
 * Error whose message says what is expected, ready to be shown as is.
 */
export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path.trim() === '') throw new Error(STORE_URL_FORMAT);
    return { kind: 'sqlite', path };
  }
  if (/^rediss?:\/\//.test(url) && isRedisUrl(url)) return { kind: 'redis', url };
  throw new Error(STORE_URL_FORMAT);
}

function isRedisUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // The path, when there is one, is the database number.
  return parsed.hostname !== '' && /^\/?(\d+)?$/.test(parsed.pathname);
}
