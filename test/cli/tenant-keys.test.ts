import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadKeyCommand } from '../../src/cli/keys-upload';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { businessPrivateKey, businessPublicKey } from '../helpers/test-keys';
import {
  createMemoryTenantDirectory,
  type MemoryTenantDirectory,
} from '../helpers/memory-tenant-directory';

const ACME_KEY = 'acme-channel-key-0123456789';
const BOLT_TOKEN = 'bolt-access-token-0123456789';
const BOLT_PHONE = '300000000000002';

/** Two businesses: one on 360dialog, one on the Cloud API, each with its own credentials. */
async function twoTenants(): Promise<MemoryTenantDirectory> {
  const directory = createMemoryTenantDirectory();
  await directory.put('acme', {
    name: 'Acme Dental',
    provider: '360dialog',
    d360WabaAccountId: 'acmeWA',
    secrets: { d360ApiKey: ACME_KEY },
  });
  await directory.put('bolt', {
    name: 'Bolt Bikes',
    provider: 'cloud',
    wabaId: '200000000000002',
    phoneNumberIds: [BOLT_PHONE],
    secrets: { accessToken: BOLT_TOKEN },
  });
  return directory;
}

const spki = (pem: string | undefined) =>
  createPublicKey(pem ?? '')
    .export({ type: 'spki', format: 'pem' })
    .toString();

describe('keys upload --tenant and --all-tenants', () => {
  let harness: CliHarness;
  let directory: MemoryTenantDirectory;
  beforeEach(async () => {
    harness = await CliHarness.start('360dialog');
    harness.fake.channelKeys.add(ACME_KEY);
    harness.fake.accessTokens.add(BOLT_TOKEN);
    harness.fake.phoneNumberIds.add(BOLT_PHONE);
    harness.setEnv({ GRAPH_API_URL: `${harness.fake.url}/graph`, GRAPH_API_VERSION: 'v23.0' });
    directory = await twoTenants();
  });
  afterEach(() => harness.stop());

  async function upload(directory: MemoryTenantDirectory, argv: string[]) {
    const { code, output } = await harness.run(
      argv,
      uploadKeyCommand((use) => use(directory)),
    );
    return { code, out: output };
  }

  it('when one tenant is named, then its own public key is set through its own channel key', async () => {
    const run = await upload(directory, ['--tenant', 'acme']);
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toMatch(/^acme: uploaded \(fingerprint /m);
    expect(harness.fake.publicKeys.get(ACME_KEY)).toBe(spki(await directory.publicKey('acme')));
    const calls = harness.fake.requestsTo('POST', /whatsapp_business_encryption$/);
    expect(calls.map((call) => call.headers['d360-api-key'])).toEqual([ACME_KEY]);
  });

  it('when all tenants are asked for, then each key goes through that tenant’s credentials', async () => {
    const run = await upload(directory, ['--all-tenants']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('2 uploaded, 0 failed');
    expect(harness.fake.publicKeys.get(ACME_KEY)).toBe(spki(await directory.publicKey('acme')));
    expect(harness.fake.publicKeys.get(BOLT_PHONE)).toBe(spki(await directory.publicKey('bolt')));
    const bolt = harness.fake.requestsTo('POST', /\/graph\/.*whatsapp_business_encryption$/);
    expect(bolt.map((call) => call.headers.authorization)).toEqual([`Bearer ${BOLT_TOKEN}`]);
  });

  it('when one tenant’s credentials are refused, then the others are still done and the exit is 1', async () => {
    harness.fake.accessTokens.delete(BOLT_TOKEN);
    const run = await upload(directory, ['--all-tenants']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^bolt: failed: /m);
    expect(run.out).toContain('1 uploaded, 1 failed');
    expect(harness.fake.publicKeys.get(ACME_KEY)).toBeDefined();
  });

  it("when a tenant uses the deployment's key, then that public key is set through the tenant's credentials", async () => {
    const shared = createMemoryTenantDirectory({
      sharedKeys: [{ id: 'deployment', key: businessPrivateKey }],
    });
    await shared.put('cove', {
      name: 'Cove Cafe',
      provider: '360dialog',
      d360WabaAccountId: 'coveWA',
      sharedKey: true,
      secrets: { d360ApiKey: ACME_KEY },
    });
    const missing = await upload(shared, ['--tenant', 'cove', '--public-key', '/nonexistent.pem']);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/^cove: failed: --public-key: \/nonexistent.pem does not exist/m);

    const file = join(mkdtempSync(join(tmpdir(), 'tenant-keys-')), 'public.pem');
    writeFileSync(file, spki(businessPublicKey.export({ type: 'spki', format: 'pem' }).toString()));
    const run = await upload(shared, ['--tenant', 'cove', '--public-key', file]);
    expect(run.code).toBe(0);
    expect(harness.fake.publicKeys.get(ACME_KEY)).toBe(
      spki(businessPublicKey.export({ type: 'spki', format: 'pem' }).toString()),
    );
  });

  it('when the tenant is unknown, or both flags are given, then one line and exit 2', async () => {
    expect(await upload(directory, ['--tenant', 'nobody'])).toMatchObject({
      code: 2,
      out: '--tenant: no tenant nobody',
    });
    expect((await upload(directory, ['--tenant', 'acme', '--all-tenants'])).code).toBe(2);
  });

  it('when no directory can be opened (TENANT_SECRETS_KEY unset), then exit 2 naming it', async () => {
    harness.setEnv({ TENANT_SECRETS_KEY: undefined });
    const run = await harness.run(['keys', 'upload', '--tenant', 'acme']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^TENANT_SECRETS_KEY is not set/);
  });
});
