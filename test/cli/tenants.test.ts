import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain as runFlowsCli } from '../../src/cli/main';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { businessPublicKey } from '../helpers/test-keys';

const KEY = Buffer.alloc(32, 3).toString('base64');
const NEW_KEY = Buffer.alloc(32, 4).toString('base64');

let dir: string;
let log: jest.SpyInstance;
let error: jest.SpyInstance;
let saved: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenants-cli-'));
  saved = { ...process.env };
  process.env.STORE_URL = `sqlite:${join(dir, 'flows.db')}`;
  process.env.TENANT_SECRETS_KEY = KEY;
  delete process.env.TENANT_SECRETS_PREVIOUS_KEYS;
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

const printed = () => log.mock.calls.map((args) => args.join(' ')).join('\n');
const complained = () => error.mock.calls.map((args) => args.join(' ')).join('\n');

function configFile(config: Record<string, unknown> = {}): string {
  const file = join(dir, `config-${Math.random()}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name: 'Acme Dental',
      provider: '360dialog',
      wabaId: '102290129340398',
      phoneNumberIds: ['106540352242922'],
      flows: ['book-appointment'],
      secrets: { d360ApiKey: 'acme-d360-secret-value', webhookSecret: 'acme-webhook-secret-1234' },
      ...config,
    }),
  );
  return file;
}

describe('flows-endpoint tenants', () => {
  it('when a tenant is added, then it prints created and its key fingerprint, and updated the second time', async () => {
    const file = configFile();
    expect(await runFlowsCli(['tenants', 'add', 'acme', '--config', file])).toBe(0);
    expect(printed()).toMatch(/^created tenant acme \(revision 1\); public key [0-9a-f]{16}$/);
    expect(await runFlowsCli(['tenants', 'add', 'acme', '--config', file])).toBe(0);
    expect(printed()).toMatch(/updated tenant acme \(revision 2\)/);
    expect(printed()).not.toContain('acme-d360-secret-value');
  });

  it('when tenants are listed or shown, then no secret is printed, only whether it is set', async () => {
    await runFlowsCli(['tenants', 'add', 'acme', '--config', configFile()]);
    log.mockClear();
    expect(await runFlowsCli(['tenants', 'list'])).toBe(0);
    expect(printed()).toMatch(/ID\s+NAME\s+PROVIDER[\s\S]*acme\s+Acme Dental\s+360dialog/);
    log.mockClear();
    expect(await runFlowsCli(['tenants', 'list', '--format', 'json'])).toBe(0);
    expect(JSON.parse(printed())).toMatchObject([{ id: 'acme', name: 'Acme Dental' }]);
    log.mockClear();
    expect(await runFlowsCli(['tenants', 'show', 'acme'])).toBe(0);
    expect(printed()).toContain('d360ApiKey: set');
    expect(printed()).toContain('accessToken: not set');
    expect(printed()).toContain('webhookSecret: set');
    expect(printed()).not.toMatch(/acme-d360-secret-value|acme-webhook-secret/);
  });

  it('when the public key is asked for, rotated and retired, then each says what it did', async () => {
    await runFlowsCli(['tenants', 'add', 'acme', '--config', configFile()]);
    log.mockClear();
    expect(await runFlowsCli(['tenants', 'public-key', 'acme'])).toBe(0);
    expect(printed()).toMatch(/^-----BEGIN PUBLIC KEY-----[\s\S]*-----END PUBLIC KEY-----$/);
    log.mockClear();
    expect(await runFlowsCli(['tenants', 'rotate-key', 'acme'])).toBe(0);
    expect(printed()).toMatch(/tenant acme: new key [0-9a-f]{16}/);
    log.mockClear();
    expect(await runFlowsCli(['tenants', 'retire-keys', 'acme'])).toBe(0);
    expect(printed()).toBe('tenant acme: 1 old key retired');
  });

  it("when a tenant using the deployment's key is asked for its public key, then keys/public.pem is printed", async () => {
    await runFlowsCli(['tenants', 'add', 'cove', '--config', configFile({ sharedKey: true })]);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await runFlowsCli(['tenants', 'public-key', 'cove'])).toBe(2);
      expect(complained()).toBe(
        `tenant cove uses the deployment's key (sharedKey): keys/public.pem does not exist (make a pair with "npm run keys -- generate")`,
      );
      mkdirSync(join(dir, 'keys'));
      const pem = businessPublicKey.export({ type: 'spki', format: 'pem' }).toString();
      writeFileSync(join(dir, 'keys', 'public.pem'), pem);
      log.mockClear();
      expect(await runFlowsCli(['tenants', 'public-key', 'cove'])).toBe(0);
      expect(printed()).toBe(pem.trimEnd());
    } finally {
      process.chdir(cwd);
    }
  });

  it('when a new master key is rolled in, then rekey re-seals and says how many', async () => {
    await runFlowsCli(['tenants', 'add', 'acme', '--config', configFile()]);
    process.env.TENANT_SECRETS_KEY = NEW_KEY;
    process.env.TENANT_SECRETS_PREVIOUS_KEYS = KEY;
    log.mockClear();
    expect(await runFlowsCli(['tenants', 'rekey'])).toBe(0);
    expect(printed()).toBe('re-sealed 1 tenant under the current key');
    delete process.env.TENANT_SECRETS_PREVIOUS_KEYS;
    log.mockClear();
    expect(await runFlowsCli(['tenants', 'show', 'acme'])).toBe(0);
    expect(printed()).toContain('d360ApiKey: set');
  });

  it('when a tenant is removed with --erase, then its data is gone', async () => {
    await runFlowsCli(['tenants', 'add', 'acme', '--config', configFile()]);
    const store = createSqliteStore(join(dir, 'flows.db'));
    await store.set('t/acme/session/1', 'x');
    expect(await runFlowsCli(['tenants', 'remove', 'acme', '--erase'])).toBe(0);
    expect(printed()).toContain('removed tenant acme, its data erased');
    await expect(store.get('t/acme/session/1')).resolves.toBeUndefined();
    await store.close();
    expect(await runFlowsCli(['tenants', 'remove', 'acme'])).toBe(2);
    expect(complained()).toContain('there is no tenant acme');
  });

  it('when TENANT_SECRETS_KEY is not set, then every tenants command refuses with one line and exit 2', async () => {
    delete process.env.TENANT_SECRETS_KEY;
    for (const argv of [
      ['list'],
      ['show', 'acme'],
      ['rekey'],
      ['add', 'acme', '--config', configFile()],
    ]) {
      error.mockClear();
      expect(await runFlowsCli(['tenants', ...argv])).toBe(2);
      expect(complained()).toMatch(/TENANT_SECRETS_KEY is not set/);
      expect(complained().split('\n')).toHaveLength(1);
    }
  });

  it.each([
    ['a bad id', ['tenants', 'show', 'Acme!'], /tenant id "Acme!" must be/],
    ['the reserved id', ['tenants', 'add', 'default', '--config', 'CONFIG'], /reserved/],
    ['an unknown tenant', ['tenants', 'public-key', 'nobody'], /there is no tenant nobody/],
    ['an unknown format', ['tenants', 'list', '--format', 'xml'], /--format/],
    [
      'a missing config file',
      ['tenants', 'add', 'acme', '--config', 'missing.json'],
      /missing\.json: cannot read/,
    ],
  ])('when given %s, then it is one line and exit 2', async (_case, argv, message) => {
    const file = configFile();
    expect(await runFlowsCli(argv.map((arg) => (arg === 'CONFIG' ? file : arg)))).toBe(2);
    expect(complained()).toMatch(message);
  });

  it('when the config file has a wrong field, then the line names the file and the field', async () => {
    const file = configFile({ provider: 'telegram' });
    expect(await runFlowsCli(['tenants', 'add', 'acme', '--config', file])).toBe(2);
    expect(complained()).toContain(`${file}: provider`);
  });

  it('when another tenant has the WABA, then it is a conflict, exit 2', async () => {
    await runFlowsCli(['tenants', 'add', 'acme', '--config', configFile()]);
    expect(
      await runFlowsCli([
        'tenants',
        'add',
        'globex',
        '--config',
        configFile({ phoneNumberIds: [] }),
      ]),
    ).toBe(2);
    expect(complained()).toMatch(/WABA 102290129340398 belongs to tenant acme/);
  });
});
