const PREFIX = '/flows/';
const TENANT_PREFIX = '/t/';

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

/**
 * A stored tenant's flow URL: `/t/<tenant>/flows/<name>`, the rest as `flowNameOf` reads it. The
 * tenant is the segment as written: its id is checked where it is looked up.
 */
export function tenantFlowOf(
  url: string | undefined,
): { tenant: string; flow: string } | undefined {
  if (url === undefined || !url.startsWith(TENANT_PREFIX)) return undefined;
  const end = url.indexOf('/', TENANT_PREFIX.length);
  if (end <= TENANT_PREFIX.length) return undefined;
  const flow = flowNameOf(url.slice(end));
  return flow === undefined ? undefined : { tenant: url.slice(TENANT_PREFIX.length, end), flow };
}
