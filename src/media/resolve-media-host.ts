import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { MediaError } from './media-error';

/** Every address a host name resolves to, as `dns.lookup(name, { all: true })` gives them. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    );
  });

/** Deprecated IPv6 ranges ipaddr.js counts as unicast: IPv4-compatible and site-local. */
const OBSOLETE_IPV6: Array<[ipaddr.IPv6, number]> = [
  [ipaddr.IPv6.parse('::'), 96],
  [ipaddr.IPv6.parse('fec0::'), 10],
];

/**
 * The kind of address that is not the public internet (`loopback`, `private`, `linkLocal`,
 * `uniqueLocal`, `unspecified`, `carrierGradeNat`, …), or undefined for a public one. An
 * IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
 */
export function nonPublicRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip instanceof ipaddr.IPv6 && OBSOLETE_IPV6.some((cidr) => ip.match(cidr))) return 'reserved';
  return undefined;
}

export interface MediaHostRules {
  resolve: ResolveHost;
  /** A loopback name (tests, local stubs) may resolve to loopback addresses. */
  loopback: boolean;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Resolves a media host once and refuses it unless every answer is a public address: a name on
 * the allow-list that points into this network is not WhatsApp's CDN. The answers are what to
 * connect to, so that a second, different answer cannot slip in (DNS rebinding).
 */
export async function resolveMediaHost(
  hostname: string,
  rules: MediaHostRules,
): Promise<LookupAddress[]> {
  const name = hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = await within(rules, hostname, rules.resolve(name));
  if (addresses.length === 0) throw new MediaError('download', `${hostname} has no address`);
  for (const { address } of addresses) {
    const range = nonPublicRange(address);
    if (range === undefined || (rules.loopback && range === 'loopback')) continue;
    throw new MediaError(
      'address',
      `media host ${hostname} resolves to ${address}, a ${range} address, not the public internet`,
    );
  }
  return addresses;
}

/** A `lookup` for http(s).request that answers with the addresses already checked. */
export function checkedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : undefined;
    const usable = addresses.filter((entry) => family === undefined || entry.family === family);
    const first = usable[0];
    if (!first) {
      callback(
        Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' }),
        '',
      );
    } else if (options.all) callback(null, usable);
    else callback(null, first.address, first.family);
  };
}

async function within<T>(rules: MediaHostRules, hostname: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MediaError('timeout', `no address for ${hostname} within ${rules.timeoutMs} ms`),
        ),
      rules.timeoutMs,
    );
    onAbort = () => reject(new MediaError('timeout', `stopped resolving ${hostname}`));
    rules.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([
      work.catch((err: unknown) => {
        const detail = err instanceof Error ? err.message : String(err);
        throw new MediaError('download', `no address for ${hostname}: ${detail}`, { cause: err });
      }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) rules.signal.removeEventListener('abort', onAbort);
  }
}
