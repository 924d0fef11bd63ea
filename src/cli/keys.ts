import { Command } from 'commander';
import { generateKeyPair } from '../crypto/generate-key-pair';
import { uploadInstructions } from '../crypto/upload-instructions';
import { keyStatusCommand } from './keys-status';
import { uploadKeyCommand } from './keys-upload';
import { action } from './run-cli';
import { UsageError } from './usage-error';

/** `keys generate`: a key pair for the endpoint. */
function generateCommand(): Command {
  return new Command('generate')
    .description('write keys/private.pem and keys/public.pem and print how to upload the key')
    .option('--passphrase <passphrase>', 'encrypt the private key with this passphrase')
    .option('--force', 'replace an existing key pair')
    .option('--dir <dir>', 'where to write the keys', 'keys')
    .addHelpText('after', '\nExample:\n  npm run keys -- generate --dir keys')
    .action(
      action((options: { passphrase?: string; force?: boolean; dir: string }) => {
        if (options.passphrase === '') {
          throw new UsageError(
            '--passphrase must not be empty (leave it out for an unencrypted key)',
          );
        }
        try {
          const files = generateKeyPair(options.dir, {
            passphrase: options.passphrase,
            force: options.force ?? false,
          });
          console.log(
            `Wrote ${files.privatePath}${options.passphrase ? ' (encrypted: set PASSPHRASE)' : ''} and ${files.publicPath}.\n`,
          );
          console.log(uploadInstructions(files.publicPem, files.publicPath));
          return 0;
        } catch (err) {
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
    .addCommand(generateCommand())
    .addCommand(uploadKeyCommand())
    .addCommand(keyStatusCommand());
}
