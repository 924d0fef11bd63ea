import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Option, type Command } from 'commander';
import { config as loadDotenv, parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import type { DeviceChannel } from '../device/device-channel';
import { readDeviceFlow, type DeviceFlow } from '../device/device-flow';
import { flowJsonPathOf } from '../project/project-paths';
import {
  startStandInCdn,
  type LoopbackCdn,
  type LoopbackCdnOptions,
} from '../device/media/start-stand-in-cdn';
import { isLoopbackHost } from '../media/host-allow-list';
import { readJsonFile } from '../util/read-json-file';
import { issueFlowToken } from '../tokens/issue-flow-token';
import { DEVELOPMENT_TOKEN_SECRET } from '../config/load-config';
import { TOKEN_ENV } from './flows-token';
import { loadCommandEnv } from './load-command-env';
import { parseFlag } from './parse-flag';
import { UsageError } from './usage-error';

/** What doctor, simulate and explore share on the command line. */
export interface DeviceFlags {
  publicKey: string;
  appSecret?: string;
  appSecretFile?: string;
  flowToken?: string;
  json?: boolean;
}

const URL_FLAG = z.url({
  protocol: /^https?$/,
  error: 'an http(s) URL such as https://example.com/flows/book-appointment',
});

/** Adds the flags every command that plays WhatsApp takes. */
export function withDeviceFlags(command: Command): Command {
  return (
    command
      .requiredOption(
        '--public-key <file>',
        "the business public key (PEM) the endpoint's private key belongs to",
      )
      .option(
        '--app-secret-file <file>',
        'a file holding the Meta app secret to sign requests with (or set APP_SECRET)',
      )
      // Known but refused, so that whoever tries it is told the safe ways.
      .addOption(new Option('--app-secret <secret>').hideHelp())
      .option('--flow-token <token>', 'the flow token to send')
  );
}

export function parseUrl(value: string): URL {
  return new URL(parseFlag(URL_FLAG, value, '<url>'));
}

/** The endpoint, as WhatsApp would reach it. */
export function readChannel(url: URL, flags: DeviceFlags): DeviceChannel {
  const secret = readAppSecret(flags);
  return {
    url: url.toString(),
    publicKey: readPublicKey(flags.publicKey),
    ...(secret !== undefined && { appSecret: secret }),
  };
}

function readPublicKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--public-key: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
    return key;
  } catch {
    throw new UsageError(
      `--public-key: ${file} is not an RSA public key in PEM (npm run keys -- public)`,
    );
  }
}

/** From --app-secret-file, else APP_SECRET (the server's variable, also read from .env). */
function readAppSecret(flags: DeviceFlags): string | undefined {
  if (flags.appSecret !== undefined) {
    throw new UsageError(
      '--app-secret: put the app secret in APP_SECRET or a file given with --app-secret-file, not on the command line',
    );
  }
  if (flags.appSecretFile !== undefined) {
    try {
      const secret = readFileSync(flags.appSecretFile, 'utf8').trim();
      if (secret) return secret;
    } catch (err) {
      throw new UsageError(`--app-secret-file: cannot read it: ${(err as Error).message}`);
    }
    throw new UsageError('--app-secret-file: the file is empty');
  }
  loadDotenv({ quiet: true });
  // The server's variable may hold several secrets while one is rotated: the first signs.
  const first = process.env.APP_SECRET?.split(',')[0]?.trim();
  return first ? first : undefined;
}

/** A flow by name (flows/<name>/flow.json) or by the path of its flow.json. */
export function readFlowArgument(arg: string): DeviceFlow & { name: string } {
  const byName = /^[a-z0-9][a-z0-9-]{0,62}$/.test(arg);
  const file = byName ? flowJsonPathOf(arg) : arg;
  const read = readJsonFile(file);
  if ('error' in read) throw new UsageError(`<flow>: ${file}: ${read.error}`);
  try {
    const flow = readDeviceFlow(read.json, file);
    const name = byName ? arg : (file.split('/').at(-2) ?? arg);
    return { ...flow, name };
  } catch (err) {
    throw new UsageError(`<flow>: ${(err as Error).message} (npm run flows -- validate ${file})`);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * "This server": the endpoint runs on this machine at /flows/<flow>, so a token signed with
 * FLOW_TOKEN_SECRET (the same environment and .env as the server's) is one it accepts.
 */
export function isThisServer(url: URL, flow: string): boolean {
  const host = url.hostname;
  const local = LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
  return local && url.pathname.replace(/\/$/, '') === `/flows/${flow}`;
}

/** For this server's /flows/<flow> with its flow.json here: the flow, else undefined. */
export function thisServerFlow(url: URL): (DeviceFlow & { name: string }) | undefined {
  const name = /^\/flows\/([a-z0-9][a-z0-9-]{0,62})\/?$/.exec(url.pathname)?.[1];
  if (name === undefined || !isThisServer(url, name)) return undefined;
  if (!existsSync(flowJsonPathOf(name))) return undefined;
  return readFlowArgument(name);
}

/**
 * Where a variable's value came from, for messages: `.env` when the file holds that very value
 * (dotenv never overrides the environment), else the environment.
 */
function variableOrigin(name: string): string {
  let fromFile: string | undefined;
  try {
    fromFile = parseDotenv(readFileSync('.env'))[name];
  } catch {
    // No .env here: the environment it is.
  }
  return fromFile !== undefined && fromFile === process.env[name] ? '.env' : 'the environment';
}

/** Tokens to send, and where they come from (said, so a refused token is understood). */
export type TokenSource = (() => string) & { origin: string };

/** The given token, or, for this server, a new one it accepts; else the user must give one. */
export function tokenSource(url: URL, flow: string, given: string | undefined): TokenSource {
  if (given !== undefined) return Object.assign(() => given, { origin: 'given with --flow-token' });
  if (!isThisServer(url, flow)) {
    throw new UsageError(
      `--flow-token: needed for an endpoint other than this server's /flows/${flow}`,
    );
  }
  const configured = loadCommandEnv(TOKEN_ENV).token.secret;
  const secret = configured ?? DEVELOPMENT_TOKEN_SECRET;
  const signedWith =
    configured === undefined
      ? 'the development secret (FLOW_TOKEN_SECRET is not set)'
      : `FLOW_TOKEN_SECRET from ${variableOrigin('FLOW_TOKEN_SECRET')}`;
  return Object.assign(
    () => issueFlowToken({ flow, secret, subject: 'simulator', ttlSeconds: 3600 }),
    { origin: `issued here for ${flow}, signed with ${signedWith}` },
  );
}

/** Where the app secret requests are signed with comes from, when there is one. */
export function appSecretOrigin(flags: DeviceFlags): string | undefined {
  if (flags.appSecretFile !== undefined) return `the secret in ${flags.appSecretFile}`;
  return process.env.APP_SECRET?.trim()
    ? `APP_SECRET from ${variableOrigin('APP_SECRET')}`
    : undefined;
}

export const positiveInt = (max: number) =>
  z.coerce.number().int('a whole number').min(1, 'at least 1').max(max, `at most ${max}`);

export interface CdnFlags {
  cdnUrl?: string;
  cdnPort?: string;
}

const PORT = z.coerce
  .number()
  .int('a port number')
  .min(1, 'a port number')
  .max(65535, 'a port number');

/** Adds where the stand-in media CDN listens and how the endpoint reaches it. */
export function withCdnFlags(command: Command): Command {
  return command
    .option(
      '--cdn-url <url>',
      'where the endpoint downloads picked files from: an address of this machine it can reach, e.g. a tunnel to --cdn-port (default http://127.0.0.1:<port>)',
    )
    .option(
      '--cdn-port <n>',
      'the port the stand-in media CDN listens on at 127.0.0.1 (default any)',
    );
}

/** Where the stand-in CDN listens and is reached, from the flags; checked before anything runs. */
export function parseCdnFlags(flags: CdnFlags): LoopbackCdnOptions {
  const publicUrl =
    flags.cdnUrl === undefined ? undefined : parseFlag(URL_FLAG, flags.cdnUrl, '--cdn-url');
  const port =
    flags.cdnPort === undefined ? undefined : parseFlag(PORT, flags.cdnPort, '--cdn-port');
  return { ...(port !== undefined && { port }), ...(publicUrl !== undefined && { publicUrl }) };
}

/**
 * The stand-in CDN that serves the files a journey picks, encrypted as WhatsApp's. Unless quiet,
 * says plainly what the endpoint at `url` needs to download them.
 */
export async function startCdn(
  url: URL,
  options: LoopbackCdnOptions,
  quiet: boolean,
): Promise<LoopbackCdn> {
  let cdn: LoopbackCdn;
  try {
    cdn = await startStandInCdn(options);
  } catch (err) {
    throw new UsageError(
      `--cdn-port: cannot listen on 127.0.0.1:${options.port ?? 0}: ${(err as Error).message}`,
    );
  }
  if (quiet) return cdn;
  console.log(
    `media: picked files are served at ${cdn.baseUrl} (stand-in CDN on 127.0.0.1:${cdn.port})`,
  );
  const from = new URL(cdn.baseUrl).hostname;
  if (!isLoopbackHost(url.hostname) && isLoopbackHost(from)) {
    console.log(
      `note: ${url.hostname} cannot reach ${from} on this machine, so its downloads will fail: give --cdn-url, an address the endpoint can reach (e.g. an https tunnel to --cdn-port), and allow that host in the endpoint's MEDIA_HOSTS`,
    );
  } else if (isLoopbackHost(from)) {
    console.log(
      'note: the endpoint must be allowed to download over loopback http (this server: MEDIA_ALLOW_LOOPBACK=true, never in production)',
    );
  } else {
    console.log(
      `note: the endpoint must be allowed to download from ${from} (this server: MEDIA_HOSTS)`,
    );
  }
  return cdn;
}
