import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFingerprint } from '../../src/crypto/key-fingerprint';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { StoreWrite } from '../../src/store/store';
import { createSecretsKeyring } from '../../src/tenants/secrets-keyring';
import { DIRECTORY_KEYS, type StoredTenant } from '../../src/tenants/stored-tenant';

const TENANTS = 10_000;
const MASTER = randomBytes(32);
const ROOT = join(__dirname, '..', '..');

/** Rows as the directory writes them, each secret and key sealed for its own tenant. */
function seedWrites(count: number): StoreWrite[] {
  const keyring = createSecretsKeyring(MASTER);
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fingerprint = keyFingerprint(pair.publicKey);
  const writes: StoreWrite[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `tenant-${i}`;
    const stored: StoredTenant = {
      id,
      name: `Business ${i}`,
      provider: '360dialog',
      wabaId: String(100000 + i),
      phoneNumberIds: [String(200000 + i)],
      flows: ['book-appointment'],
      settings: {},
      requestSignatures: 'on',
      sharedKey: false,
      revision: 1,
      updatedAt: new Date(0).toISOString(),
      secrets: { d360ApiKey: keyring.seal(`key-${i}`, { tenantId: id, field: 'd360ApiKey' }) },
      keys: [
        {
          privateKey: keyring.seal(privatePem, { tenantId: id, field: 'privateKey' }),
          publicKey: publicPem,
          fingerprint,
          createdAt: new Date(0).toISOString(),
        },
      ],
    };
    writes.push(
      { op: 'set', key: DIRECTORY_KEYS.record(id), value: JSON.stringify(stored) },
      { op: 'set', key: DIRECTORY_KEYS.waba(String(100000 + i)), value: id },
      { op: 'set', key: DIRECTORY_KEYS.phone(String(200000 + i)), value: id },
      { op: 'addToSet', key: DIRECTORY_KEYS.ids, member: id },
    );
  }
  return writes;
}

interface Measured {
  ms: number;
  rssBytes: number;
  found: boolean;
}

function measure(path: string, id: string): Measured {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, 'tenant-directory-start.ts'),
      path,
      id,
      MASTER.toString('base64'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measured;
}

describe('the tenant directory with 10,000 tenants in the store', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenant-scale-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when created and first asked, then it takes at most 2 s and 100 MB more than with none', async () => {
    const empty = join(dir, 'empty.db');
    const full = join(dir, 'full.db');
    await createSqliteStore(empty).close();
    const store = createSqliteStore(full);
    await store.writeDurably(seedWrites(TENANTS));
    await store.close();

    const none = measure(empty, 'tenant-5000');
    const many = measure(full, 'tenant-5000');
    const extra = { ms: many.ms - none.ms, mb: (many.rssBytes - none.rssBytes) / 1024 / 1024 };
    console.warn(
      `start-up and first lookup: ${none.ms.toFixed(0)} ms, ${(none.rssBytes / 1048576).toFixed(1)} MB with no tenants; ` +
        `${many.ms.toFixed(0)} ms, ${(many.rssBytes / 1048576).toFixed(1)} MB with ${TENANTS} ` +
        `(${extra.ms.toFixed(0)} ms, ${extra.mb.toFixed(1)} MB more)`,
    );
    expect(none.found).toBe(false);
    expect(many.found).toBe(true);
    expect(extra.ms).toBeLessThanOrEqual(2000);
    expect(extra.mb).toBeLessThanOrEqual(100);
  }, 120_000);
});
