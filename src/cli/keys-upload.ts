import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Command } from 'commander';
import { keyFingerprint } from '../crypto/key-fingerprint';
import type { TenantDirectory } from '../tenants/tenant-directory';
import { createWhatsAppApi } from '../whatsapp-api/create-whatsapp-api';
import { whatsAppApiConfigPart } from '../whatsapp-api/whatsapp-api-config';
import { WhatsAppApiError } from '../whatsapp-api/whatsapp-api-error';
import { loadCommandEnv } from './load-command-env';
import { withTenantDirectory } from './open-tenant-directory';
import type { OpenDirectory } from './tenant-api';
import { tenantApiConfig } from './tenant-api-config';
import { UsageError } from './usage-error';
import { apiAction, whatsAppApiFromEnv } from './whatsapp-cli';

/** Where the deployment's own public key is, unless `--public-key` says otherwise. */
export const DEPLOYMENT_PUBLIC_KEY = 'keys/public.pem';

/**
 * A 2048-bit (or larger) RSA public key in PEM, read from `file`; anything else is a mistake,
 * said after `what` (the flag, or why that file is read).
 */
export function readPublicKey(
  file: string,
  what = '--public-key',
): { pem: string; key: KeyObject } {
  let pem: string;
  if (!existsSync(file)) {
    throw new UsageError(
      `${what}: ${file} does not exist (make a pair with "npm run keys -- generate")`,
    );
  }
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${what}: cannot read ${file} (${(err as Error).message})`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new UsageError(`${what}: ${file} does not hold a PEM public key`);
  }
  // A private key file also yields a public key; uploading from it would still be a mistake.
  if (/PRIVATE KEY/.test(pem)) {
    throw new UsageError(`${what}: ${file} holds a private key; give the public one`);
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new UsageError(`${what}: ${file} must be an RSA key of at least 2048 bits`);
  }
  return { pem: key.export({ type: 'spki', format: 'pem' }).toString(), key };
}

interface UploadOptions {
  publicKey: string;
  tenant?: string;
  allTenants?: boolean;
}

/**
 * `keys upload [--public-key keys/public.pem]`: sets the business public key at the provider;
 * `--tenant <id>` or `--all-tenants`: each tenant's own key, through its own credentials.
 */
export function uploadKeyCommand(openDirectory: OpenDirectory = withTenantDirectory): Command {
  return new Command('upload')
    .description('set the business public key WhatsApp encrypts flow requests with')
    .option(
      '--public-key <file>',
      "the public key to upload (with --tenant or --all-tenants: the one for tenants using the deployment's key)",
      DEPLOYMENT_PUBLIC_KEY,
    )
    .option('--tenant <id>', "a tenant's own key, with its credentials (partner mode)")
    .option('--all-tenants', "every tenant's own key, each with its credentials (partner mode)")
    .addHelpText(
      'after',
      '\nExamples:\n  npm run keys -- upload --public-key keys/public.pem\n  npm run keys -- upload --tenant acme-dental',
    )
    .action(
      apiAction(async (options: UploadOptions) => {
        if (options.tenant !== undefined || options.allTenants) {
          return openDirectory((directory) => uploadTenantKeys(options, directory));
        }
        const { pem, key } = readPublicKey(options.publicKey);
        const api = whatsAppApiFromEnv(['messaging']);
        console.error(`Uploading ${options.publicKey} to ${api.provider}…`);
        await api.setPublicKey(pem);
        console.log(`Uploaded the business public key (fingerprint ${keyFingerprint(key)})`);
        console.log('Check it with: npm run keys -- status');
        return 0;
      }),
    );
}

/** One line per tenant; a tenant's failure is reported and the others still done (exit 1). */
async function uploadTenantKeys(options: UploadOptions, directory: TenantDirectory) {
  if (options.tenant !== undefined && options.allTenants) {
    throw new UsageError('--tenant and --all-tenants: give one of them');
  }
  const { api: vars } = loadCommandEnv({ api: whatsAppApiConfigPart });
  const ids =
    options.tenant !== undefined
      ? [options.tenant]
      : (await directory.list()).map((tenant) => tenant.id);
  // Read once, for every tenant with `sharedKey`: they all decrypt with the deployment's key.
  let deploymentPem: string | undefined;
  const deploymentKey = () => (deploymentPem ??= readPublicKey(options.publicKey).pem);
  let failed = 0;
  for (const id of ids) {
    const [tenant, secrets] = await Promise.all([directory.find(id), directory.secrets(id)]);
    if (!tenant || !secrets) {
      if (options.tenant !== undefined) throw new UsageError(`--tenant: no tenant ${id}`);
      continue;
    }
    try {
      const pem = tenant.sharedKey ? deploymentKey() : await directory.publicKey(id);
      if (pem === undefined) throw new UsageError(`tenant ${id} has no key`);
      const api = createWhatsAppApi(tenantApiConfig(tenant, secrets, vars));
      await api.setPublicKey(pem);
      console.log(`${id}: uploaded (fingerprint ${keyFingerprint(createPublicKey(pem))})`);
    } catch (err) {
      if (!(err instanceof WhatsAppApiError || err instanceof UsageError)) throw err;
      failed += 1;
      console.log(`${id}: failed: ${err.message}`);
    }
  }
  if (ids.length > 1) console.log(`${ids.length - failed} uploaded, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
