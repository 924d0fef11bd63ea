import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * For a describe block: each test runs under umask 000 (files created as open as asked) in a
 * fresh temp folder, removed after; gives that folder.
 */
export function tempDirUnderUmask000(prefix: string): () => string {
  let dir = '';
  let umask = 0;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
