import { createSqliteStore } from '../../src/store/sqlite-store';

/**
 * A separate process for the cross-process test: claims keys 0…count-1 on the SQLite file with
 * setIfAbsent and prints, as JSON, the indices this process won.
 */
async function main(): Promise<void> {
  const [file, worker, count] = process.argv.slice(2);
  if (file === undefined || worker === undefined || count === undefined) {
    throw new Error('usage: claim-keys <file> <worker> <count>');
  }
  const store = createSqliteStore(file);
  const won: number[] = [];
  for (let i = 0; i < Number(count); i += 1) {
    if (await store.setIfAbsent(`key-${i}`, worker, 60)) won.push(i);
  }
  await store.close();
  process.stdout.write(JSON.stringify(won));
}

void main();
