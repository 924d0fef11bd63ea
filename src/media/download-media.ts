import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { isAllowedHost, isLoopbackHost, type HostAllowList } from './host-allow-list';
import { MediaError } from './media-error';
import { checkedLookup, resolveMediaHost, type ResolveHost } from './resolve-media-host';

export interface DownloadRules {
  hosts: HostAllowList;
  allowLoopback: boolean;
  connectTimeoutMs: number;
  /** Largest body accepted: a Content-Length above it is refused before reading. */
  maxBytes: number;
  /** Aborts everything, the body included: the caller's total timeout. */
  signal: AbortSignal;
  /** Gives each hop's addresses, every one checked before connecting to it. */
  resolve: ResolveHost;
}

const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Refuses a URL the rules do not allow, before any connection is made. */
function checkUrl(
  url: string,
  rules: Pick<DownloadRules, 'hosts' | 'allowLoopback'>,
  check: 'host' | 'redirect',
): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MediaError(check, 'the media URL is not a valid URL');
  }
  const loopback = rules.allowLoopback && isLoopbackHost(parsed.hostname);
  if (loopback && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return parsed;
  if (parsed.protocol !== 'https:') {
    throw new MediaError(check, `media is only downloaded over https, not ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password || !isAllowedHost(parsed.hostname, rules.hosts)) {
    throw new MediaError(
      check,
      `media host ${parsed.hostname} is not allowed (MEDIA_HOSTS: ${rules.hosts.join(',')})`,
    );
  }
  // URL drops an explicit :443 for https, so any port left is another one.
  if (parsed.port !== '') {
    throw new MediaError(check, `media is only downloaded from port 443, not ${parsed.port}`);
  }
  return parsed;
}

/**
 * GETs a media file and gives its body once the status is 200. Redirects are followed here, one
 * hop at a time, each checked against the allow-list and its addresses screened: fetch would
 * follow them unchecked.
 */
export async function downloadMedia(url: string, rules: DownloadRules): Promise<IncomingMessage> {
  let current = checkUrl(url, rules, 'host');
  for (let hop = 0; ; hop++) {
    const response = await get(current, rules);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      response.destroy();
      const location = response.headers.location;
      if (!location)
        throw new MediaError('download', `the CDN answered ${status} without Location`);
      if (hop >= MAX_REDIRECTS) {
        throw new MediaError('redirect', `more than ${MAX_REDIRECTS} redirects`);
      }
      current = checkUrl(new URL(location, current).href, rules, 'redirect');
      continue;
    }
    if (status !== 200) {
      response.destroy();
      throw new MediaError('download', `the CDN answered ${status}`);
    }
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > rules.maxBytes) {
      response.destroy();
      throw new MediaError(
        'size',
        `the file is ${length} bytes, over the ${rules.maxBytes} allowed`,
      );
    }
    return response;
  }
}

async function get(url: URL, rules: DownloadRules): Promise<IncomingMessage> {
  const addresses = await resolveMediaHost(url.hostname, {
    resolve: rules.resolve,
    loopback: rules.allowLoopback && isLoopbackHost(url.hostname),
    timeoutMs: rules.connectTimeoutMs,
    signal: rules.signal,
  });
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, {
      method: 'GET',
      signal: rules.signal,
      headers: { accept: '*/*' },
      lookup: checkedLookup(addresses),
    });
    req.on('socket', (socket: Socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        req.destroy(
          new MediaError(
            'timeout',
            `no connection to ${url.hostname} within ${rules.connectTimeoutMs} ms`,
          ),
        );
      }, rules.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    req.once('response', resolve);
    req.once('error', (err) => reject(toMediaError(err, rules.signal)));
    req.end();
  });
}

/** Whatever broke a download, as the check a handler can act on. */
export function toMediaError(err: unknown, signal: AbortSignal): MediaError {
  if (err instanceof MediaError) return err;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof MediaError) return reason;
    return new MediaError('timeout', 'the download took too long', { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new MediaError('download', `the download failed: ${message}`, { cause: err });
}
