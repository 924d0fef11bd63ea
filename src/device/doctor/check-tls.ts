import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { fail, ok, warn, type DoctorLine } from './doctor-line';

const CHECK = 'TLS';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Renew well before WhatsApp's requests start failing. */
const MIN_CERTIFICATE_DAYS = 14;

export interface TlsOptions {
  /** Extra trusted certificates (tests); the system's CAs otherwise. */
  ca?: string | Buffer;
  now?: Date;
  timeoutMs?: number;
}

/**
 * WhatsApp posts only to HTTPS with a valid certificate: trusted, for the URL's host, and (here)
 * not expiring within 14 days.
 */
export async function checkTls(url: URL, options: TlsOptions = {}): Promise<DoctorLine> {
  if (url.protocol !== 'https:') {
    return warn(
      CHECK,
      `${url.protocol.replace(':', '')} URL: not checked`,
      'WhatsApp only posts to https with a valid certificate; plain http is for local testing',
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const outcome = await handshake(host, Number(url.port || 443), options);
  if ('error' in outcome) {
    return fail(
      CHECK,
      `no TLS handshake with ${url.host}: ${outcome.error}`,
      'serve https on this port',
    );
  }
  const { authorized, reason, certificate } = outcome;
  if (!authorized) {
    return fail(
      CHECK,
      `certificate not accepted: ${reason}`,
      `use a certificate from a public CA (e.g. Let's Encrypt) that covers ${host}, with its full chain`,
    );
  }
  const expires = new Date(certificate.valid_to);
  const daysLeft = Math.floor((expires.getTime() - (options.now ?? new Date()).getTime()) / DAY_MS);
  if (!(daysLeft >= MIN_CERTIFICATE_DAYS)) {
    return fail(
      CHECK,
      `certificate for ${host} expires in ${daysLeft} days (${expires.toISOString().slice(0, 10)})`,
      `renew the certificate: at least ${MIN_CERTIFICATE_DAYS} days should be left`,
    );
  }
  return ok(CHECK, `certificate valid for ${host}, ${daysLeft} days left`);
}

type Handshake =
  { authorized: boolean; reason: string; certificate: PeerCertificate } | { error: string };

function handshake(host: string, port: number, options: TlsOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) === 0 && { servername: host }),
      ...(options.ca !== undefined && { ca: options.ca }),
      // The verdict is read below, so that an untrusted certificate is described, not just refused.
      rejectUnauthorized: false,
    });
    socket.setTimeout(options.timeoutMs ?? 10_000, () => {
      socket.destroy();
      resolve({ error: 'timed out' });
    });
    socket.once('secureConnect', () => {
      resolve({
        authorized: socket.authorized,
        reason: String(socket.authorizationError ?? ''),
        certificate: socket.getPeerCertificate(),
      });
      socket.end();
    });
    socket.once('error', (err) => resolve({ error: err.message }));
  });
}
