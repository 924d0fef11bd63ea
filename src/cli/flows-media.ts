import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { MediaError } from '../media/media-error';
import { mediaItemSchema } from '../media/media-item';
import { createMediaReader, downloadFromCdn } from '../media/media-reader';
import { loadMediaSettings } from '../media/media-settings';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { UsageError } from './usage-error';

/** A person at a terminal waits longer than WhatsApp does, unless MEDIA_TIMEOUT_MS says otherwise. */
const CLI_TIMEOUT_MS = 60_000;

const PATH = z.string().min(1, 'a path');

function readItem(path: string) {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(
      `${path}: not JSON; give one picked item as it arrives in a data_exchange`,
    );
  }
  const parsed = mediaItemSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'the item';
    throw new UsageError(`${path}: not a media item: ${field} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

/** `flows media decrypt <item.json> [--file ENCRYPTED] --out PATH` */
function decryptCommand(): Command {
  return new Command('decrypt')
    .description('verify and decrypt one picked file (PhotoPicker / DocumentPicker item)')
    .argument('<item.json>', 'the item exactly as it arrives in a data_exchange')
    .option('--file <encrypted>', 'the encrypted file already downloaded (else cdn_url is fetched)')
    .requiredOption('--out <path>', 'where to write the decrypted file (must not exist)')
    .addHelpText(
      'after',
      [
        '',
        'Checks, in order: SHA-256 of the file = encrypted_hash, HMAC-SHA256(iv + ciphertext)',
        'first 10 bytes = the last 10 bytes, AES-256-CBC with PKCS#7 padding, SHA-256 of the',
        'result = plaintext_hash. Exit 0 when all pass, 1 naming the check that failed, 2 for',
        'bad input. Downloads follow MEDIA_HOSTS, MEDIA_MAX_FILE_MIB and the MEDIA_*_MS timeouts.',
        '',
        'Example:',
        '  npm run flows -- media decrypt item.json --out photo.jpg',
        '  npm run flows -- media decrypt item.json --file photo.enc --out photo.jpg',
      ].join('\n'),
    )
    .action(
      action(async (itemPath: string, options: { file?: string; out: string }) => {
        const item = readItem(parseFlag(PATH, itemPath, '<item.json>'));
        const out = parseFlag(PATH, options.out, '--out');
        if (existsSync(out)) throw new UsageError(`--out ${out} exists: choose a new path`);
        loadDotenv({ quiet: true });
        const settings = loadMediaSettings(process.env);
        const timeoutMs = process.env.MEDIA_TIMEOUT_MS ? settings.timeoutMs : CLI_TIMEOUT_MS;
        const cli = { ...settings, timeoutMs, concurrency: 1 };

        let reader;
        if (options.file !== undefined) {
          const file = parseFlag(PATH, options.file, '--file');
          if (!existsSync(file) || !statSync(file).isFile()) {
            throw new UsageError(`--file ${file}: no such file`);
          }
          reader = createMediaReader(cli, async () => createReadStream(file));
          console.error(`decrypting ${file}`);
        } else {
          reader = createMediaReader(cli, downloadFromCdn(cli));
          const host = URL.canParse(item.cdn_url) ? new URL(item.cdn_url).host : item.cdn_url;
          console.error(`downloading from ${host} (up to ${Math.round(timeoutMs / 1000)} s)`);
        }
        try {
          const saved = await reader.save(item, out);
          console.log(
            `ok: encrypted_hash, hmac, decryption and plaintext_hash checked; ${saved.size} bytes written to ${out}`,
          );
          return 0;
        } catch (err) {
          if (!(err instanceof MediaError)) throw err;
          console.error(`failed check: ${err.check}: ${err.message}`);
          return 1;
        }
      }),
    );
}

/** `flows media <subcommand>`: picked files from PhotoPicker and DocumentPicker. */
export function mediaCommand(): Command {
  return new Command('media')
    .description('picked files (PhotoPicker, DocumentPicker): decrypt and check one')
    .addHelpText('after', '\nExample:\n  npm run flows -- media decrypt item.json --out photo.jpg')
    .addCommand(decryptCommand());
}
