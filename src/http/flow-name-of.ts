const PREFIX = '/flows/';

/**
 * The flow a URL names: `/flows/<name>`, with an optional trailing slash and query. Flow names
 * are lower-case letters, digits and dashes, so nothing needs decoding; anything else is no flow.
 */
export function flowNameOf(url: string | undefined): string | undefined {
  if (url === undefined || !url.startsWith(PREFIX)) return undefined;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const name = path.endsWith('/') ? path.slice(PREFIX.length, -1) : path.slice(PREFIX.length);
  return name.length > 0 && !name.includes('/') ? name : undefined;
}
