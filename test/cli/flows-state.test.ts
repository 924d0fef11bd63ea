import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain as runFlowsCli } from '../../src/cli/main';
import { captureLogs } from '../helpers/log-capture';
import { createBookingStore } from '../../flows/book-appointment/booking-store';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { verifyFlowToken } from '../../src/tokens/verify-flow-token';

const SECRET = 'cli-flow-token-secret-0123456789abcdef';
const ROOT = join(__dirname, '..', '..');

let dir: string;
let log: jest.SpyInstance;
let saved: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flows-state-'));
  saved = { ...process.env };
  process.env.FLOW_TOKEN_SECRET = SECRET;
  process.env.STORE_URL = `sqlite:${join(dir, 'flows.db')}`;
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

const printed = () => log.mock.calls.map((args) => args.join(' ')).join('\n');

describe('flows token', () => {
  it('when asked for a token, then its last line verifies for that flow with the subject and ttl', async () => {
    const before = Date.now();
    expect(
      await runFlowsCli([
        'token',
        'book-appointment',
        '--subject',
        '+447700900123',
        '--ttl',
        '600',
      ]),
    ).toBe(0);
    const token = printed().split('\n').at(-1) ?? '';
    const verdict = verifyFlowToken(token, 'book-appointment', SECRET);
    expect(verdict).toMatchObject({ valid: true, subject: '+447700900123' });
    const expires = verdict.valid ? verdict.expiresAt.getTime() : 0;
    expect(expires - before).toBeGreaterThanOrEqual(599_000);
    expect(expires - before).toBeLessThanOrEqual(601_000);
  });

  it('when asked for a token for a tenant, then it carries that tenant', async () => {
    expect(await runFlowsCli(['token', 'book-appointment', '--tenant', 'acme'])).toBe(0);
    const token = printed().split('\n').at(-1) ?? '';
    expect(verifyFlowToken(token, 'book-appointment', SECRET)).toMatchObject({
      valid: true,
      tenant: 'acme',
    });
  });

  it.each([
    ['no flow', ['token']],
    ['a tenant id that is no URL segment', ['token', 'book-appointment', '--tenant', 'Acme!']],
    ['a flow name that is no URL segment', ['token', 'Book Appointment']],
    ['a ttl that is not whole seconds', ['token', 'book-appointment', '--ttl', '1.5']],
  ])('when given %s, then it exits 2', async (_case, argv) => {
    expect(await runFlowsCli(argv)).toBe(2);
  });

  it('when run as "npm run --silent flows -- token", then the token is the last line of stdout', () => {
    const out = execFileSync(
      'npm',
      ['run', '--silent', 'flows', '--', 'token', 'book-appointment'],
      {
        cwd: ROOT,
        env: { ...process.env, FLOW_TOKEN_SECRET: SECRET },
        encoding: 'utf8',
      },
    );
    const token = out.trim().split('\n').at(-1) ?? '';
    expect(verifyFlowToken(token, 'book-appointment', SECRET).valid).toBe(true);
  });
});

describe('flows bookings', () => {
  const book = async () => {
    const store = createSqliteStore(join(dir, 'flows.db'));
    await createBookingStore(store, { log: captureLogs().logger }).book(
      { department: 'home', location: '4', date: '2026-03-04', time: '12:00' },
      'token-a',
      {
        name: 'Zelda, "Q"',
        email: 'z@example.org',
        phone: '+44 7700 900123',
        moreDetails: 'line one\nline two',
      },
      new Date('2026-03-01T10:00:00Z'),
    );
    await store.close();
  };

  it('when exported as JSON, then every booking record is there', async () => {
    await book();
    expect(await runFlowsCli(['bookings', '--format', 'json'])).toBe(0);
    expect(JSON.parse(printed())).toEqual([
      {
        id: expect.any(String),
        slot: { department: 'home', location: '4', date: '2026-03-04', time: '12:00' },
        contact: {
          name: 'Zelda, "Q"',
          email: 'z@example.org',
          phone: '+44 7700 900123',
          moreDetails: 'line one\nline two',
        },
        createdAt: '2026-03-01T10:00:00.000Z',
      },
    ]);
  });

  it('when exported as CSV (the default), then a header and one quoted row per booking come out, the phone number as text', async () => {
    await book();
    expect(await runFlowsCli(['bookings'])).toBe(0);
    const [header, ...rows] = printed().split('\n');
    expect(header).toBe(
      'id,created_at,department,location,date,time,name,email,phone,more_details',
    );
    expect(rows.join('\n')).toMatch(
      /^[\w-]+,2026-03-01T10:00:00\.000Z,home,4,2026-03-04,12:00,"Zelda, ""Q""",z@example\.org,"'\+44 7700 900123","line one\nline two"$/,
    );
  });

  it('when the format is unknown, then it exits 2', async () => {
    expect(await runFlowsCli(['bookings', '--format', 'xml'])).toBe(2);
  });
});
