import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import pino from 'pino';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { createTenantDirectory } from '../../src/tenants/create-tenant-directory';
import { createSecretsKeyring } from '../../src/tenants/secrets-keyring';

export interface BenchTenant {
  id: string;
  publicKey: KeyObject;
}

/** Key pairs made at once: RSA generation runs on libuv's pool, so a few keep both cores busy. */
const AT_ONCE = 4;

/**
 * `count` tenants using book-appointment, each with its own key pair, added through the tenant
 * directory to a fresh SQLite store, as `tenants add` would: what a partner deployment serves.
 */
export async function prepareTenants(dir: string, count: number, progress: (done: number) => void) {
  const masterKey = randomBytes(32);
  const path = join(dir, 'tenants.db');
  const store = createSqliteStore(path);
  const directory = createTenantDirectory({
    store,
    keyring: createSecretsKeyring(masterKey),
    sharedKeys: () => [],
    logger: pino({ level: 'silent' }),
    cacheSize: count,
  });
  const tenants: BenchTenant[] = [];
  try {
    const ids = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
    let next = 0;
    const worker = async () => {
      for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
        await directory.put(id, {
          name: `Business ${id}`,
          provider: 'cloud',
          phoneNumberIds: [],
          flows: ['book-appointment'],
          settings: {},
          requestSignatures: 'on',
          sharedKey: false,
          secrets: {},
        });
        const pem = await directory.publicKey(id);
        if (pem === undefined) throw new Error(`tenant ${id} has no public key`);
        tenants.push({ id, publicKey: createPublicKey(pem) });
        if (tenants.length % 100 === 0) progress(tenants.length);
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, worker));
  } finally {
    directory.close();
    await store.close();
  }
  return {
    storeUrl: `sqlite:${path}`,
    masterKey: masterKey.toString('base64'),
    tenants: tenants.sort((a, b) => a.id.localeCompare(b.id)),
  };
}
