import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../config/load-config';
import { resolvePrivateKeys } from '../config/resolve-private-key';
import { keyFingerprint } from '../crypto/key-fingerprint';
import { apiAction, whatsAppApiFromEnv } from './whatsapp-cli';

/** The keys the server would load, without generating a development pair as start-up would. */
function serverKeys(): { keys: KeyObject[]; source: string } | { missing: string } {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  const { pem, paths } = config.privateKey;
  const first = paths[0];
  if (pem === undefined && paths.length === 1 && first !== undefined && !existsSync(first)) {
    return { missing: `PRIVATE_KEY is not set and ${first} does not exist` };
  }
  return {
    keys: resolvePrivateKeys(config).keys,
    source: pem !== undefined ? 'PRIVATE_KEY' : paths.join(', '),
  };
}

function uploadedFingerprint(pem: string): string | undefined {
  try {
    return keyFingerprint(createPublicKey(pem.replace(/\\n/g, '\n')));
  } catch {
    return undefined;
  }
}

/**
 * `keys status`: the uploaded key's signature status and whether it is the server's key. A key
 * that is not the server's is what makes WhatsApp's requests fail with 421.
 */
export function keyStatusCommand(): Command {
  return new Command('status')
    .description(
      "the uploaded public key's status and whether it matches this server's private key",
    )
    .addHelpText('after', '\nExample:\n  npm run keys -- status')
    .action(
      apiAction(async () => {
        const local = serverKeys();
        const api = whatsAppApiFromEnv(['messaging']);
        const uploaded = await api.getPublicKey();
        console.log(`signature status: ${uploaded.signatureStatus ?? 'unknown'}`);
        let ok = uploaded.signatureStatus !== 'MISMATCH';
        if (!ok)
          console.log('WhatsApp reports the key signature as MISMATCH: upload the key again');

        if (uploaded.publicKey === undefined) {
          console.log(
            `uploaded key: not returned by ${api.provider}; cannot compare it with this server's key`,
          );
          return ok ? 0 : 1;
        }
        const remote = uploadedFingerprint(uploaded.publicKey);
        console.log(`uploaded key: ${remote ?? 'not a readable PEM public key'}`);
        if ('missing' in local) {
          console.log(`this server's key: none (${local.missing})`);
          return 1;
        }
        const fingerprints = local.keys.map((key) => keyFingerprint(key));
        console.log(`this server's key(s): ${fingerprints.join(', ')} (${local.source})`);
        const index = remote === undefined ? -1 : fingerprints.indexOf(remote);
        if (index === 0)
          console.log('match: the uploaded key is the one this server decrypts with');
        else if (index > 0)
          console.log(
            `match: the uploaded key is this server's key ${index + 1} (an older one kept during rotation); upload the newest`,
          );
        else {
          console.log(
            "MISMATCH: the uploaded key is not this server's; WhatsApp's requests will fail with 421 (run npm run keys -- upload)",
          );
          ok = false;
        }
        return ok ? 0 : 1;
      }),
    );
}
