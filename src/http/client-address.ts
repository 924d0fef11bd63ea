import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** TRUST_PROXY as Express reads `trust proxy`: false, true, a hop count, or addresses/subnets. */
export type TrustProxy = boolean | number | string;

export type ClientAddress = (req: IncomingMessage) => string | undefined;

/**
 * Who sent the request: the socket's address, or, behind proxies it is told to trust, the
 * nearest untrusted hop of X-Forwarded-For (proxy-addr: the same rules as Express's `req.ip`).
 */
export function clientAddress(trust: TrustProxy): ClientAddress {
  if (trust === false || trust === 0) return (req) => req.socket.remoteAddress;
  const trusts =
    trust === true
      ? () => true
      : typeof trust === 'number'
        ? (_address: string, hop: number) => hop < trust
        : proxyAddr.compile(trust.split(',').map((entry) => entry.trim()));
  return (req) => (req.socket.remoteAddress === undefined ? undefined : proxyAddr(req, trusts));
}
