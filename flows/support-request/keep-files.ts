import { extname, join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { MediaOptions, MediaReader, SavedMedia } from 'flows-endpoint';

/** The user's file name only lends its extension, and only a plain one: never a path. */
function extensionOf(fileName: string): string {
  const extension = extname(fileName).toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(extension) ? extension : '';
}

/**
 * Saves picked files as `<stem>-<n><ext>` in `dir`, all or none: when one fails its checks, the
 * others saved by this call are removed and the first failure is thrown.
 */
export async function keepFiles(
  media: MediaReader,
  items: readonly { file_name: string }[],
  dir: string,
  stem: string,
  options?: MediaOptions,
): Promise<SavedMedia[]> {
  const results = await Promise.allSettled(
    items.map((item, i) =>
      media.save(item, join(dir, `${stem}-${i + 1}${extensionOf(item.file_name)}`), options),
    ),
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (!failed) {
    return results.map((result) => (result as PromiseFulfilledResult<SavedMedia>).value);
  }
  await Promise.all(
    results.map((result) =>
      result.status === 'fulfilled' && result.value.path
        ? rm(result.value.path, { force: true })
        : undefined,
    ),
  );
  throw failed.reason;
}
