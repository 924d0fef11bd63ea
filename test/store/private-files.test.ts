import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { tempDirUnderUmask000 } from '../helpers/permissive-umask';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite store files under a permissive umask (000)', () => {
  const tempDir = tempDirUnderUmask000('private-files-');

  it('when the data folder does not exist, then it is created 0700, and the database, its -wal and -shm 0600', async () => {
    const folder = join(tempDir(), 'data');
    const file = join(folder, 'flows.db');
    const logger = { warn: jest.fn() };
    const store = createSqliteStore(file, { logger });
    await store.set('phone', '+15550100');
    await store.writeDurably([{ op: 'setIfAbsent', key: 'answer', value: 'yes' }]);

    expect(modeOf(folder)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    expect(modeOf(`${file}-shm`)).toBe(0o600);
    expect(logger.warn).not.toHaveBeenCalled();
    await store.close();
  });

  it('when the data folder exists open to other users, then it is kept and warned about, naming the fix', async () => {
    const folder = join(tempDir(), 'shared');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    const logger = { warn: jest.fn() };
    const store = createSqliteStore(join(folder, 'flows.db'), { logger });

    expect(modeOf(folder)).toBe(0o755);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]).toEqual([
      { path: folder, mode: '755' },
      `the data folder is open to other local users and holds phone numbers and form answers: chmod 700 ${folder}`,
    ]);
    expect(modeOf(join(folder, 'flows.db'))).toBe(0o600);
    await store.close();
  });

  it('when the data folder is private already, then nothing is warned', async () => {
    const logger = { warn: jest.fn() };
    const store = createSqliteStore(join(tempDir(), 'flows.db'), { logger });
    expect(modeOf(tempDir())).toBe(0o700);
    expect(logger.warn).not.toHaveBeenCalled();
    await store.close();
  });
});
