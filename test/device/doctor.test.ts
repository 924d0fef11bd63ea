import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../../src/cli/main';
import { readDeviceFlow } from '../../src/device/device-flow';
import { runDoctor } from '../../src/device/doctor/run-doctor';
import { SIZE_FLOW_FILE } from '../helpers/size-flow';
import { exampleFlows } from '../helpers/example-flows';
import { brokenEndpoint, BROKEN_APP_SECRET, type Fault } from '../helpers/broken-endpoint';
import { listen, type Listening } from '../helpers/listen';
import { APP_SECRET, createTestApp, issueToken, TOKEN_SECRET } from '../helpers/test-app';
import { businessPublicKey } from '../helpers/test-keys';

let dir: string;
let publicKey: string;
let out: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  publicKey = join(dir, 'public.pem');
  writeFileSync(publicKey, businessPublicKey.export({ type: 'spki', format: 'pem' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  delete process.env.APP_SECRET;
  out = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out.push(args.join(' '));
  });
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    out.push(args.join(' '));
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = saved;
});

const lineOf = (check: string) =>
  out
    .join('\n')
    .split('\n')
    .find((line) => line.slice(6).startsWith(`${check} `)) ?? '';

async function doctor(url: string, secret: string | undefined, ...extra: string[]) {
  if (secret !== undefined) process.env.APP_SECRET = secret;
  return runMain(['doctor', url, '--public-key', publicKey, '--pings', '3', ...extra]);
}

describe('doctor against this server', () => {
  let server: Listening;
  beforeAll(async () => {
    server = await listen(createTestApp().app);
  });
  afterAll(() => server.close());

  it('when every check is played with the app secret and a flow token, then all pass and it exits 0', async () => {
    const url = `${server.base}/flows/book-appointment`;
    const code = await doctor(url, APP_SECRET, '--flow-token', issueToken('book-appointment'));
    const printed = out.join('\n');
    expect(printed).not.toContain('FAIL');
    expect(code).toBe(0);
    for (const check of [
      'health check',
      'latency',
      'wrong key',
      'signature: bad',
      'signature: missing',
      'signature: malformed',
      'garbage: not JSON',
      'garbage: fields missing',
      'garbage: bad Base64',
      'garbage: GCM tag flipped',
      'INIT',
    ]) {
      expect(lineOf(check)).toMatch(/^ok /);
    }
    expect(lineOf('TLS')).toMatch(/^warn .*http URL/);
    expect(lineOf('latency')).toMatch(/p50 [\d.]+ ms, p90 [\d.]+ ms over 3 pings/);
    expect(lineOf('INIT')).toContain('screen APPOINTMENT');
  });

  it("when no flow token is given for this server's flow, then one is issued and INIT is checked against its flow.json", async () => {
    process.env.FLOW_TOKEN_SECRET = TOKEN_SECRET;
    expect(await doctor(`${server.base}/flows/book-appointment`, APP_SECRET)).toBe(0);
    expect(lineOf('INIT')).toMatch(
      /^ok .*screen APPOINTMENT with 7 data fields, as flows\/book-appointment\/flow.json declares/,
    );
  });

  it('when it sends tokens, then it names where each comes from', async () => {
    process.env.FLOW_TOKEN_SECRET = TOKEN_SECRET;
    expect(await doctor(`${server.base}/flows/book-appointment`, APP_SECRET)).toBe(0);
    expect(out).toContain(
      'flow token: issued here for book-appointment, signed with FLOW_TOKEN_SECRET from the environment',
    );
    expect(out).toContain('signatures: X-Hub-Signature-256 with APP_SECRET from the environment');

    out.length = 0;
    const secretFile = join(dir, 'app-secret');
    writeFileSync(secretFile, APP_SECRET);
    const url = `${server.base}/flows/book-appointment`;
    const given = ['--flow-token', issueToken('book-appointment'), '--app-secret-file', secretFile];
    expect(await doctor(url, undefined, ...given)).toBe(0);
    expect(out).toContain('flow token: given with --flow-token');
    expect(out).toContain(`signatures: X-Hub-Signature-256 with the secret in ${secretFile}`);
  });

  it("when this server's flow token is signed with a secret the endpoint does not use, then INIT's 427 names the secret it was signed with", async () => {
    process.env.FLOW_TOKEN_SECRET = 'another-flow-token-secret-of-at-least-32-characters';
    expect(await doctor(`${server.base}/flows/book-appointment`, APP_SECRET)).toBe(1);
    expect(out.join('\n')).toContain(
      'the flow token was issued here for book-appointment, signed with FLOW_TOKEN_SECRET from the environment: give the endpoint the same FLOW_TOKEN_SECRET, or pass --flow-token with one it issued',
    );
  });

  it('when the INIT answer is not what the given contract declares, then INIT fails with the device’s error key', async () => {
    const { contract } = readDeviceFlow(
      JSON.parse(readFileSync(SIZE_FLOW_FILE, 'utf8')),
      'leaky/flow.json',
    );
    const lines = await runDoctor({
      url: `${server.base}/flows/book-appointment`,
      publicKey: businessPublicKey,
      appSecret: APP_SECRET,
      flowToken: issueToken('book-appointment'),
      contract,
      pings: 1,
    });
    expect(lines.find((line) => line.check === 'INIT')).toMatchObject({
      verdict: 'FAIL',
      detail: expect.stringContaining(
        '(invalid-screen-transition): APPOINTMENT screen "APPOINTMENT" is not in leaky/flow.json',
      ),
    });
  });

  it('when the flow has no INIT handler (feedback: its messages open it with navigate), then INIT is not played and a warning says why', async () => {
    process.env.FLOW_TOKEN_SECRET = TOKEN_SECRET;
    const served = await listen(createTestApp({ flows: exampleFlows }).app);
    try {
      expect(await doctor(`${served.base}/flows/feedback`, APP_SECRET)).toBe(0);
    } finally {
      await served.close();
    }
    expect(lineOf('INIT')).toMatch(
      /^warn +INIT +not played: flow feedback has no INIT handler: its messages open it with navigate/,
    );
    expect(out.join('\n')).not.toContain('FAIL');
    expect(out.join('\n')).toMatch(/all \d+ checks passed \(2 warnings\)/);
  });

  it('when no app secret is given, then the signature checks are skipped with a warning and the health check names the fix', async () => {
    const code = await doctor(`${server.base}/flows/book-appointment`, undefined);
    expect(code).toBe(1);
    expect(lineOf('signature')).toMatch(/^warn .*not checked without --app-secret/);
    expect(lineOf('health check')).toMatch(/^FAIL .*432/);
    expect(out.join('\n')).toContain('pass --app-secret');
  });

  it('when the app secret is put on the command line, then it is refused with exit 2', async () => {
    const url = `${server.base}/flows/book-appointment`;
    expect(await runMain(['doctor', url, '--public-key', publicKey, '--app-secret', 'x'])).toBe(2);
    expect(out.join('\n')).toContain('not on the command line');
  });

  it.each([
    ['a URL that is not http(s)', ['doctor', 'ftp://x/flows/a', '--public-key', 'k.pem']],
    [
      'a missing public key file',
      ['doctor', 'http://127.0.0.1:1/flows/a', '--public-key', '/nope.pem'],
    ],
    ['no public key', ['doctor', 'http://127.0.0.1:1/flows/a']],
    [
      'a pings count of 0',
      ['doctor', 'http://127.0.0.1:1/flows/a', '--public-key', 'k', '--pings', '0'],
    ],
  ])('when given %s, then it exits 2', async (_case, argv) => {
    expect(await runMain(argv)).toBe(2);
  });
});

describe('doctor against broken endpoints', () => {
  const cases: [Fault, string, RegExp][] = [
    ['bad-tag-500', 'garbage: GCM tag flipped', /^FAIL .*answered 500, expected 4xx/],
    ['crash-without-signature', 'signature: missing', /^FAIL .*connection dropped/],
    ['json-in-clear', 'health check', /^FAIL .*JSON in clear/],
    ['slow', 'latency', /^FAIL .*p90 1\d{3}(\.\d)? ms.*above Meta's 1 s/],
  ];
  it.each(cases)(
    'when the endpoint is %s, then "%s" fails and names it',
    async (fault, check, line) => {
      const server = await brokenEndpoint(fault);
      try {
        const code = await doctor(`${server.base}/flows/any`, BROKEN_APP_SECRET);
        expect(lineOf(check)).toMatch(line);
        expect(code).toBe(1);
        const failures = out.filter((printed) => printed.startsWith('FAIL'));
        expect(failures.map((printed) => printed.slice(6, 32).trim())).toEqual([check]);
        expect(out.join('\n')).toContain('fix: ');
      } finally {
        await server.close();
      }
    },
  );

  it('when nothing listens, then one line says so and it exits 1', async () => {
    const server = await listen(() => undefined);
    const url = `${server.base}/flows/any`;
    await server.close();
    expect(await doctor(url, BROKEN_APP_SECRET)).toBe(1);
    expect(out).toEqual([
      `nothing answers at ${url} (ECONNREFUSED): is the server running, and is the URL right?`,
    ]);
  });

  it('when the endpoint never answers, then the time limit stops the run', async () => {
    const server = await listen(() => undefined);
    try {
      expect(await doctor(`${server.base}/flows/any`, BROKEN_APP_SECRET, '--time-limit', '2')).toBe(
        1,
      );
      expect(lineOf('health check')).toMatch(/^FAIL .*no answer within/);
      expect(lineOf('wrong key')).toMatch(/^FAIL .*not run: the time limit was reached/);
    } finally {
      await server.close();
    }
  });
});
