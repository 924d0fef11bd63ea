/**
 * Run as a child process by tenant-directory-scale.test.ts: opens the store at argv[2], creates
 * the tenant directory and looks up tenant argv[3] (its key parsed), then prints how long that
 * took and how much RSS it added, as JSON.
 */
import pino from 'pino';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { createTenantDirectory } from '../../src/tenants/create-tenant-directory';
import { createSecretsKeyring } from '../../src/tenants/secrets-keyring';

async function main() {
  const [path = '', id = '', masterKey = ''] = process.argv.slice(2);
  const keyring = createSecretsKeyring(Buffer.from(masterKey, 'base64'));
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const store = createSqliteStore(path);
  const directory = createTenantDirectory({
    store,
    keyring,
    sharedKeys: () => [],
    logger: pino({ level: 'silent' }),
  });
  const credentials = await directory.credentials(id);
  const ms = performance.now() - started;
  const rssBytes = process.memoryUsage().rss - rssBefore;
  directory.close();
  await store.close();
  process.stdout.write(`${JSON.stringify({ ms, rssBytes, found: credentials !== undefined })}\n`);
}

void main();
