import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyFingerprint } from '../../src/crypto/key-fingerprint';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { type Provider } from '../helpers/fake-whatsapp-api/fake-whatsapp-api';
import {
  businessPrivateKey,
  businessPublicKey,
  FIXTURE_KEYS,
  fixturePem,
} from '../helpers/test-keys';

const PRIVATE_KEY_PATH = join(FIXTURE_KEYS, 'rsa-2048-pkcs8.pem');
const otherPublicPem = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();

describe.each<Provider>(['360dialog', 'cloud'])('keys upload and status through %s', (provider) => {
  let cli: CliHarness;
  let publicPath: string;
  beforeEach(async () => {
    cli = await CliHarness.start(provider);
    cli.setEnv({ PRIVATE_KEY_PATH });
    publicPath = join(cli.dir, 'public.pem');
    writeFileSync(publicPath, businessPublicKey.export({ type: 'spki', format: 'pem' }));
  });
  afterEach(() => cli.stop());

  it('when uploading, then the PEM goes as business_public_key and its fingerprint is printed', async () => {
    const run = await cli.run(['keys', 'upload', '--public-key', publicPath]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`fingerprint ${keyFingerprint(businessPrivateKey)}`);
    expect(cli.fake.publicKey).toContain('-----BEGIN PUBLIC KEY-----');
    const [request] = cli.fake.requestsTo('POST', /whatsapp_business_encryption$/);
    expect(request?.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  });

  it("when the uploaded key is this server's, then status says VALID and match, exit 0", async () => {
    await cli.run(['keys', 'upload', '--public-key', publicPath]);
    const run = await cli.run(['keys', 'status']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('signature status: VALID');
    expect(run.out).toContain(`uploaded key: ${keyFingerprint(businessPrivateKey)}`);
    expect(run.out).toContain('match: the uploaded key is the one this server decrypts with');
  });

  it("when the uploaded key is not this server's, then status says MISMATCH and 421, exit 1", async () => {
    cli.fake.publicKey = otherPublicPem();
    const run = await cli.run(['keys', 'status']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/MISMATCH: the uploaded key is not this server's; .*421/);
  });

  it('when the server keeps an older key during rotation, then a match with it says so', async () => {
    const newest = join(cli.dir, 'new-private.pem');
    writeFileSync(
      newest,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }),
    );
    cli.setEnv({ PRIVATE_KEY_PATH: `${newest},${PRIVATE_KEY_PATH}` });
    cli.fake.publicKey = fixturePem('rsa-2048-public.pem');
    const run = await cli.run(['keys', 'status']);
    expect(run.out).toContain("this server's key 2");
  });

  it('when WhatsApp reports the signature as MISMATCH, then status exits 1', async () => {
    await cli.run(['keys', 'upload', '--public-key', publicPath]);
    cli.fake.signatureStatus = 'MISMATCH';
    const run = await cli.run(['keys', 'status']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('signature status: MISMATCH');
  });

  it('when no key was uploaded, then status cannot compare and says so', async () => {
    const run = await cli.run(['keys', 'status']);
    expect(run.out).toContain('signature status: unknown');
    expect(run.out).toContain('not returned by');
  });

  it('when the file holds a private key, then the upload refuses before any call, exit 2', async () => {
    const run = await cli.run(['keys', 'upload', '--public-key', PRIVATE_KEY_PATH]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('holds a private key');
    expect(cli.fake.requests).toHaveLength(0);
  });

  it('when the key is too small, then the upload refuses before any call, exit 2', async () => {
    const small = join(cli.dir, 'small.pem');
    writeFileSync(
      small,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
        type: 'spki',
        format: 'pem',
      }),
    );
    const run = await cli.run(['keys', 'upload', '--public-key', small]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('at least 2048 bits');
  });

  it('when the file is missing, then one line names it, exit 2', async () => {
    const run = await cli.run(['keys', 'upload', '--public-key', join(cli.dir, 'nope.pem')]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^--public-key: .*nope\.pem does not exist \(make a pair with "npm run keys -- generate"\)$/,
    );
  });
});
