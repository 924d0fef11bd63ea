import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import type { DeviceChannel } from '../device/device-channel';
import { readDeviceFlow, type DeviceFlow } from '../device/device-flow';
import { readJsonFile } from '../flow-json/read-json-file';
import { issueFlowToken } from '../tokens/issue-flow-token';
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
  return command
    .requiredOption(
      '--public-key <file>',
      "the business public key (PEM) the endpoint's private key belongs to",
    )
    .option(
      '--app-secret-file <file>',
      'a file holding the Meta app secret to sign requests with (or set APP_SECRET)',
    )
    .option('--app-secret <secret>', 'not accepted: secrets stay off the command line')
    .option('--flow-token <token>', 'the flow token to send');
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

/** A flow by name (src/flows/<name>/flow.json) or by the path of its flow.json. */
export function readFlowArgument(arg: string): DeviceFlow & { name: string } {
  const byName = /^[a-z0-9][a-z0-9-]{0,62}$/.test(arg);
  const file = byName ? `src/flows/${arg}/flow.json` : arg;
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

/** The given token, or, for this server, a new one it accepts; else the user must give one. */
export function tokenSource(url: URL, flow: string, given: string | undefined): () => string {
  if (given !== undefined) return () => given;
  if (!isThisServer(url, flow)) {
    throw new UsageError(
      `--flow-token: needed for an endpoint other than this server's /flows/${flow}`,
    );
  }
  loadDotenv({ quiet: true });
  const secret = loadConfig(process.env).flowTokenSecret;
  return () => issueFlowToken({ flow, secret, subject: 'simulator', ttlSeconds: 3600 });
}

export const positiveInt = (max: number) =>
  z.coerce.number().int('a whole number').min(1, 'at least 1').max(max, `at most ${max}`);
