import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Command } from 'commander';
import { keyFingerprint } from '../crypto/key-fingerprint';
import { UsageError } from './usage-error';
import { apiAction, whatsAppApiFromEnv } from './whatsapp-cli';

/** A 2048-bit (or larger) RSA public key in PEM, read from `file`; anything else is a mistake. */
function readPublicKey(file: string): { pem: string; key: KeyObject } {
  let pem: string;
  if (!existsSync(file)) {
    throw new UsageError(
      `--public-key: ${file} does not exist (make a pair with "npm run keys -- generate")`,
    );
  }
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--public-key: cannot read ${file} (${(err as Error).message})`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new UsageError(`--public-key: ${file} does not hold a PEM public key`);
  }
  // A private key file also yields a public key; uploading from it would still be a mistake.
  if (/PRIVATE KEY/.test(pem)) {
    throw new UsageError(`--public-key: ${file} holds a private key; give the public one`);
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new UsageError(`--public-key: ${file} must be an RSA key of at least 2048 bits`);
  }
  return { pem: key.export({ type: 'spki', format: 'pem' }).toString(), key };
}

/** `keys upload [--public-key keys/public.pem]`: sets the business public key at the provider. */
export function uploadKeyCommand(): Command {
  return new Command('upload')
    .description('set the business public key WhatsApp encrypts flow requests with')
    .option('--public-key <file>', 'the public key to upload', 'keys/public.pem')
    .addHelpText('after', '\nExample:\n  npm run keys -- upload --public-key keys/public.pem')
    .action(
      apiAction(async (options: { publicKey: string }) => {
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
