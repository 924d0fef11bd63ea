/** Exact host names, or `*.example.com` for any name below example.com. */
export type HostAllowList = readonly string[];

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** Whether `hostname` (as URL.hostname gives it: lower case) is on the list. */
export function isAllowedHost(hostname: string, allowList: HostAllowList): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) => {
    const allowed = entry.toLowerCase();
    if (allowed.startsWith('*.')) return host.endsWith(allowed.slice(1));
    return host === allowed;
  });
}
