import { parseArgs } from 'node:util';
import { generateKeyPair } from '../crypto/generate-key-pair';
import { uploadInstructions } from '../crypto/upload-instructions';

const USAGE = `Usage: npm run keys -- generate [--passphrase P] [--force] [--dir keys]

Writes keys/private.pem (encrypted when a passphrase is given) and keys/public.pem,
then prints the public key and how to upload it to WhatsApp.`;

/** `npm run keys -- generate`: a key pair for the endpoint. Returns the exit code. */
export function runKeysCli(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        passphrase: { type: 'string' },
        force: { type: 'boolean', default: false },
        dir: { type: 'string', default: 'keys' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] !== 'generate' || positionals.length > 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.passphrase === '') {
    console.error('--passphrase must not be empty (leave it out for an unencrypted key)');
    return 2;
  }
  try {
    const files = generateKeyPair(values.dir, {
      passphrase: values.passphrase,
      force: values.force,
    });
    console.log(
      `Wrote ${files.privatePath}${values.passphrase ? ' (encrypted: set PASSPHRASE)' : ''} and ${files.publicPath}.\n`,
    );
    console.log(uploadInstructions(files.publicPem, files.publicPath));
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
}

if (require.main === module) process.exitCode = runKeysCli(process.argv.slice(2));
