import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itWhenAvailable } from './when-available';

/** A folder whose writes the test can make fail as on a full disk, and succeed again. */
export interface FillableDisk {
  /** How the disk is made full, for the test's name. */
  how: string;
  /** Where the server keeps its data. */
  dir: string;
  /** From now on, writes to `dir` by the process `pid` fail. */
  fill(pid: number): void;
  /** Writes succeed again. */
  free(pid: number): void;
  remove(): void;
}

const SIZE = '16m';

/**
 * A small tmpfs, filled up by a file and freed by removing it: a real full disk (ENOSPC). Where
 * mounting is not permitted (no CAP_SYS_ADMIN), a file-size limit on the server instead (prlimit:
 * every write past the first byte of a file fails with EFBIG, as past a quota). Neither: the reason.
 */
export function fillableDisk(): FillableDisk | { unavailable: string } {
  const dir = mkdtempSync(join(tmpdir(), 'small-disk-'));
  const mounted = spawnSync(
    'mount',
    ['-t', 'tmpfs', '-o', `size=${SIZE},mode=0700`, 'tmpfs', dir],
    {
      encoding: 'utf8',
    },
  );
  if (mounted.status === 0) return tmpfs(dir);
  const prlimit = spawnSync('prlimit', ['--version']);
  if (prlimit.status === 0) return fileSizeLimit(dir);
  rmdirSync(dir);
  const why = (mounted.stderr || mounted.error?.message || 'failed').trim();
  return {
    unavailable: `cannot make a small disk: mount -t tmpfs refused (${why}) and prlimit is missing`,
  };
}

function tmpfs(dir: string): FillableDisk {
  const filler = join(dir, 'filler');
  return {
    how: `a ${SIZE} tmpfs filled up`,
    dir: join(dir, 'data'),
    fill() {
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
      // What a 64 KiB chunk did not fill, byte by byte pages would: down to the last byte.
      const last = openSync(filler, 'a');
      try {
        for (;;) writeSync(last, Buffer.alloc(512, 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(last);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    remove() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function fileSizeLimit(dir: string): FillableDisk {
  const limit = (pid: number, bytes: string) =>
    execFileSync('prlimit', ['--pid', String(pid), `--fsize=${bytes}`]);
  return {
    how: 'a file-size limit (prlimit --fsize) on the server, as mounting is not permitted here',
    dir: join(dir, 'data'),
    // The soft limit only: raising it back needs no privilege.
    fill: (pid) => limit(pid, '1:unlimited'),
    free: (pid) => limit(pid, 'unlimited:unlimited'),
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `it` with the disk, or when it cannot be made, what {@link itWhenAvailable} does instead. */
export function itWithDisk(
  disk: FillableDisk | { unavailable: string },
): (name: string, test: (disk: FillableDisk) => Promise<void>, timeoutMs?: number) => void {
  return (name, test, timeoutMs) => {
    if ('unavailable' in disk) itWhenAvailable(disk.unavailable)(name, () => undefined, timeoutMs);
    else it(`${name} (${disk.how})`, () => test(disk), timeoutMs);
  };
}
