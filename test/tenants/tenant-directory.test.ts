import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createMemoryStore } from '../../src/store/memory-store';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { createTenantDirectory } from '../../src/tenants/create-tenant-directory';
import { createSecretsKeyring } from '../../src/tenants/secrets-keyring';
import { tenantConfigSchema } from '../../src/tenants/tenant-config';
import { TenantError } from '../../src/tenants/tenant-error';

const MASTER = randomBytes(32);
const logger = pino({ level: 'silent' });
const config = (overrides: Record<string, unknown> = {}) =>
  tenantConfigSchema.parse({
    name: 'Acme Dental',
    provider: '360dialog',
    wabaId: '102290129340398',
    phoneNumberIds: ['106540352242922'],
    flows: ['book-appointment'],
    secrets: { d360ApiKey: 'acme-d360-key', appSecrets: ['acme-app-secret'] },
    ...overrides,
  });

function directoryOn(store: Store, master = MASTER, previous: Buffer[] = []) {
  return createTenantDirectory({
    store,
    keyring: createSecretsKeyring(master, previous),
    sharedKeys: () => [],
    logger,
    refreshMs: 20,
  });
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function refusal(action: Promise<unknown>): Promise<TenantError> {
  try {
    await action;
  } catch (err) {
    if (err instanceof TenantError) return err;
    throw err;
  }
  throw new Error('expected a TenantError');
}

describe('the tenant directory in the store', () => {
  it('when a tenant is added, then it is found with its own key, its secrets sealed at rest', async () => {
    const store = createMemoryStore();
    const directory = directoryOn(store);
    const { tenant, created } = await directory.put('acme', config());
    expect(created).toBe(true);
    expect(tenant).toMatchObject({ id: 'acme', name: 'Acme Dental', revision: 1 });
    await expect(directory.byWabaId('102290129340398')).resolves.toBe('acme');
    await expect(directory.byPhoneNumberId('106540352242922')).resolves.toBe('acme');
    const credentials = await directory.credentials('acme');
    expect(credentials?.privateKeys).toHaveLength(1);
    expect(credentials?.appSecrets).toEqual(['acme-app-secret']);
    await expect(directory.secrets('acme')).resolves.toEqual({
      d360ApiKey: 'acme-d360-key',
      appSecrets: ['acme-app-secret'],
    });
    expect(await directory.publicKey('acme')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const row = (await store.get('tenants/record/acme')) ?? '';
    expect(row).not.toContain('acme-d360-key');
    expect(row).not.toContain('PRIVATE KEY');
    directory.close();
  });

  it('when a tenant is updated without secrets, then it keeps its secrets and key, and says updated', async () => {
    const directory = directoryOn(createMemoryStore());
    await directory.put('acme', config());
    const key = await directory.publicKey('acme');
    const { created, tenant } = await directory.put('acme', config({ name: 'Acme', secrets: {} }));
    expect(created).toBe(false);
    expect(tenant.revision).toBe(2);
    await expect(directory.publicKey('acme')).resolves.toBe(key);
    expect((await directory.secrets('acme'))?.d360ApiKey).toBe('acme-d360-key');
    directory.close();
  });

  it('when another tenant claims the same WABA or phone number, then it is a 409 and nothing changes', async () => {
    const directory = directoryOn(createMemoryStore());
    await directory.put('acme', config());
    const waba = await refusal(directory.put('globex', config({ phoneNumberIds: ['1'] })));
    expect(waba.status).toBe(409);
    expect(waba.message).toMatch(/WABA 102290129340398 belongs to tenant acme/);
    const phone = await refusal(directory.put('globex', config({ wabaId: '2' })));
    expect(phone.status).toBe(409);
    await expect(directory.find('globex')).resolves.toBeUndefined();
    await expect(directory.byPhoneNumberId('1')).resolves.toBeUndefined();
    directory.close();
  });

  it('when the id is invalid, reserved, or the config invalid, then it is a 400', async () => {
    const directory = directoryOn(createMemoryStore());
    expect((await refusal(directory.put('Acme!', config()))).status).toBe(400);
    expect((await refusal(directory.put('default', config()))).message).toMatch(/reserved/);
    const bad = await refusal(directory.put('acme', { ...config(), provider: 'x' } as never));
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/provider/);
    directory.close();
  });

  it('when an unknown tenant is asked for, then it is undefined, and rotating its key is a 404', async () => {
    const directory = directoryOn(createMemoryStore());
    await expect(directory.find('nobody')).resolves.toBeUndefined();
    await expect(directory.credentials('nobody')).resolves.toBeUndefined();
    expect((await refusal(directory.rotateKey('nobody'))).status).toBe(404);
    directory.close();
  });

  it('when a key is rotated, then both decrypt until the old ones are retired', async () => {
    const directory = directoryOn(createMemoryStore());
    await directory.put('acme', config());
    const old = await directory.publicKey('acme');
    const rotated = await directory.rotateKey('acme');
    await expect(directory.publicKey('acme')).resolves.toBe(rotated.publicKey);
    expect(rotated.publicKey).not.toBe(old);
    expect((await directory.credentials('acme'))?.privateKeys.map((k) => k.id)[0]).toBe(
      rotated.fingerprint,
    );
    expect((await directory.credentials('acme'))?.privateKeys).toHaveLength(2);
    await expect(directory.retireOldKeys('acme')).resolves.toBe(1);
    expect((await directory.credentials('acme'))?.privateKeys).toHaveLength(1);
    directory.close();
  });

  it('when a tenant is removed with erase, then its data and directory rows are gone', async () => {
    const store = createMemoryStore();
    const directory = directoryOn(store);
    await directory.put('acme', config());
    await store.set('t/acme/session/1', 'x');
    await store.set('t/acme-b/session/1', 'kept');
    await expect(directory.remove('acme', { erase: true })).resolves.toBe(true);
    await expect(directory.find('acme')).resolves.toBeUndefined();
    await expect(directory.byWabaId('102290129340398')).resolves.toBeUndefined();
    await expect(store.get('t/acme/session/1')).resolves.toBeUndefined();
    await expect(store.get('t/acme-b/session/1')).resolves.toBe('kept');
    await expect(directory.remove('acme')).resolves.toBe(false);
    directory.close();
  });

  it('when a new master key is rolled in, then rekey re-seals everything under it', async () => {
    const store = createMemoryStore();
    const before = directoryOn(store);
    await before.put('acme', config());
    before.close();
    const next = randomBytes(32);
    const rolling = directoryOn(store, next, [MASTER]);
    await expect(rolling.rekey()).resolves.toBe(1);
    await expect(rolling.rekey()).resolves.toBe(0);
    rolling.close();
    const after = directoryOn(store, next);
    expect((await after.secrets('acme'))?.d360ApiKey).toBe('acme-d360-key');
    expect((await after.credentials('acme'))?.privateKeys).toHaveLength(1);
    after.close();
  });

  it('when the tenants are listed again with no change between, then no record is read again; any change is listed', async () => {
    const store = createMemoryStore();
    let recordReads = 0;
    const counting: Store = {
      ...store,
      get: (key) => {
        if (key.startsWith('tenants/record/')) recordReads += 1;
        return store.get(key);
      },
    };
    const directory = directoryOn(counting);
    const other = directoryOn(store);
    await directory.put('acme', config());
    await directory.put('beta', config({ name: 'Beta', wabaId: '2', phoneNumberIds: ['3'] }));
    expect((await directory.list()).map((tenant) => tenant.id)).toEqual(['acme', 'beta']);
    const afterFirst = recordReads;
    expect((await directory.list()).map((tenant) => tenant.id)).toEqual(['acme', 'beta']);
    expect(recordReads).toBe(afterFirst);

    await directory.put('acme', config({ name: 'Acme Renamed' }));
    expect((await directory.list()).map((tenant) => tenant.name)).toEqual(['Acme Renamed', 'Beta']);
    await other.remove('beta');
    await until(async () => (await directory.list()).length === 1);
    directory.close();
    other.close();
  });

  it('when two directories share one SQLite file, then a put or remove on one is seen by the other', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'flows.db');
    const [storeA, storeB] = [createSqliteStore(path), createSqliteStore(path)];
    const [a, b] = [directoryOn(storeA), directoryOn(storeB)];
    await expect(b.find('acme')).resolves.toBeUndefined();
    await a.put('acme', config());
    await until(async () => (await b.find('acme'))?.name === 'Acme Dental');
    await a.put('acme', config({ name: 'Acme Renamed' }));
    await until(async () => (await b.find('acme'))?.name === 'Acme Renamed');
    await a.remove('acme');
    await until(async () => (await b.find('acme')) === undefined);
    await expect(b.byWabaId('102290129340398')).resolves.toBeUndefined();
    a.close();
    b.close();
    await storeA.close();
    await storeB.close();
  });

  it('when a key rotation and an update run at once on two replicas, then neither is lost', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'flows.db');
    const [storeA, storeB] = [createSqliteStore(path), createSqliteStore(path)];
    const [a, b] = [directoryOn(storeA), directoryOn(storeB)];
    await a.put('acme', config());
    // The rotation reads the record, then makes a key pair (tens of ms) before writing it back.
    await Promise.all([a.rotateKey('acme'), b.put('acme', config({ name: 'Acme Renamed' }))]);
    // Read as a third process would: A's reads may still share a snapshot taken earlier in its turn
    // of the event loop (before B wrote), which is the store's documented contract, not a loss.
    const file = createSqliteStore(path);
    const stored = JSON.parse((await file.get('tenants/record/acme')) ?? '{}') as {
      name: string;
      keys: unknown[];
      revision: number;
    };
    expect(stored).toMatchObject({ name: 'Acme Renamed', revision: 3 });
    expect(stored.keys).toHaveLength(2);
    a.close();
    b.close();
    await Promise.all([storeA.close(), storeB.close(), file.close()]);
  });

  it('when rekey and an update run at once, then the update is kept, sealed under the new key', async () => {
    const store = createMemoryStore();
    const old = randomBytes(32);
    await directoryOn(store, old).put('acme', config());
    const directory = directoryOn(store, MASTER, [old]);
    await Promise.all([
      directory.rekey(),
      directory.put('acme', config({ name: 'Acme Renamed', secrets: {} })),
    ]);
    await expect(directory.find('acme')).resolves.toMatchObject({ name: 'Acme Renamed' });
    // Only the current master key opens it now.
    const fresh = directoryOn(store, MASTER);
    await expect(fresh.secrets('acme')).resolves.toMatchObject({ d360ApiKey: 'acme-d360-key' });
    directory.close();
    fresh.close();
  });

  it('when another change holds the tenant longer than the wait, then it is a 409; a lock left by a dead process expires', async () => {
    let now = Date.now();
    const store = createMemoryStore(() => now);
    const directory = createTenantDirectory({
      store,
      keyring: createSecretsKeyring(MASTER),
      sharedKeys: () => [],
      logger,
      lock: { waitMs: 50, ttlSeconds: 30 },
    });
    await directory.put('acme', config());
    // As a process would leave it when killed half-way through a change.
    await store.setIfAbsent('tenants/lock/acme', 'a process that died', 30);
    const refused = await refusal(directory.put('acme', config({ name: 'Acme Renamed' })));
    expect(refused).toMatchObject({ kind: 'conflict' });
    expect(refused.message).toBe('tenant acme is being changed by someone else: try again');
    await expect(directory.find('acme')).resolves.toMatchObject({ name: 'Acme Dental' });
    now += 31_000;
    await directory.put('acme', config({ name: 'Acme Renamed' }));
    await expect(store.get('tenants/lock/acme')).resolves.toBeUndefined();
    directory.close();
  });
});
