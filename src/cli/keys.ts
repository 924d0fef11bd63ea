import { Command } from 'commander';
import { graphApiVersionPart } from '../config/command-parts';
import { generateKeyPair, KeyPairExistsError } from '../crypto/generate-key-pair';
import { uploadInstructions } from '../crypto/upload-instructions';
import { loadCommandEnv } from './load-command-env';
import { readSecret } from './read-secret';
import { keyStatusCommand } from './keys-status';
import { uploadKeyCommand } from './keys-upload';
import { action } from './run-cli';
import { UsageError } from './usage-error';

/** `keys generate`: a key pair for the endpoint. */
function generateCommand(): Command {
  return new Command('generate')
    .description('write keys/private.pem and keys/public.pem and print how to upload the key')
    .option(
      '--passphrase',
      'encrypt the private key; the passphrase comes from PASSPHRASE or is asked for',
    )
    .option('--force', 'replace an existing key pair')
    .option('--dir <dir>', 'where to write the keys', 'keys')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run keys -- generate --dir keys\n  npm run keys -- generate --passphrase   # asks twice, or reads PASSPHRASE',
    )
    .action(
      action(async (options: { passphrase?: boolean; force?: boolean; dir: string }) => {
        const { graphApiVersion } = loadCommandEnv({ graphApiVersion: graphApiVersionPart });
        const passphrase = options.passphrase
          ? await readSecret({
              variable: 'PASSPHRASE',
              prompt: 'Passphrase for the private key: ',
              confirm: true,
            })
          : undefined;
        try {
          const files = generateKeyPair(options.dir, {
            passphrase,
            force: options.force ?? false,
          });
          console.log(
            `Wrote ${files.privatePath}${passphrase ? ' (encrypted: set PASSPHRASE)' : ''} and ${files.publicPath}.\n`,
          );
          console.log(uploadInstructions(files.publicPem, files.publicPath, graphApiVersion));
          return 0;
        } catch (err) {
          if (err instanceof KeyPairExistsError) {
            throw new UsageError(
              `${err.path} already exists: the server decrypts with it, so keep it (check it with "npm run keys -- status"), or pass --force to replace the pair and then upload the new public key ("npm run keys -- upload")`,
            );
          }
          console.error((err as Error).message);
          return 1;
        }
      }),
    );
}

/** `keys …`: the endpoint's key pair. A new subcommand is one more addCommand here. */
export function keysCommand(): Command {
  return new Command('keys')
    .description("the endpoint's key pair")
    .addHelpText('after', '\nExample:\n  npm run keys -- generate')
    .addCommand(generateCommand())
    .addCommand(uploadKeyCommand())
    .addCommand(keyStatusCommand());
}
