import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';

/** Only the owner may enter the folder or read the file, whatever the umask. */
const PRIVATE_FOLDER = 0o700;
const PRIVATE_FILE = 0o600;
const OTHERS = 0o077;

/**
 * Creates `path`'s folder (0700) and the file itself (0600) when absent, for a file holding
 * personal data (phone numbers, form answers). An existing folder or file that other local users
 * may read is kept as it is, with a warning: it may be shared on purpose.
 */
export function createPrivateFile(path: string, logger?: Pick<Logger, 'warn'>): void {
  const folder = dirname(path);
  // The mode given to mkdir is narrowed by the umask, never widened; chmod sets it exactly.
  if (mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER }) !== undefined) {
    chmodSync(folder, PRIVATE_FOLDER);
  } else {
    warnIfOpen(folder, 'folder', logger);
  }
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    warnIfOpen(path, 'file', logger);
    return;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE);
  } finally {
    closeSync(fd);
  }
}

function warnIfOpen(path: string, what: string, logger?: Pick<Logger, 'warn'>): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & OTHERS) === 0) return;
  logger?.warn(
    { path, mode: mode.toString(8) },
    `the data ${what} is open to other local users and holds phone numbers and form answers: chmod ${(what === 'folder' ? PRIVATE_FOLDER : PRIVATE_FILE).toString(8)} ${path}`,
  );
}
