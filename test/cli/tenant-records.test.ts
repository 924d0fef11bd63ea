import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createBookingStore } from '../../flows/book-appointment/booking-store';
import { runMain } from '../../src/cli/main';
import { scopeStore, tenantPrefix } from '../../src/store/scope-store';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';

const KEY = Buffer.alloc(32, 3).toString('base64');
const RECEIVED_AT = '2026-03-02T10:00:00.000Z';

let dir: string;
let saved: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenant-records-'));
  saved = { ...process.env };
  process.env.STORE_URL = `sqlite:${join(dir, 'flows.db')}`;
  process.env.TENANT_SECRETS_KEY = KEY;
});
afterEach(() => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out.push(args.join(' '));
  });
  const error = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    err.push(args.join(' '));
  });
  try {
    const code = await runMain(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

async function addTenant(id: string, wabaId: string) {
  const file = join(dir, `${id}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name: id,
      provider: 'cloud',
      wabaId,
      phoneNumberIds: [],
      flows: ['book-appointment'],
      secrets: { accessToken: `${id}-access-token` },
      sharedKey: true,
    }),
  );
  expect((await cli('tenants', 'add', id, '--config', file)).code).toBe(0);
}

/** What the webhook and the flow would have written under each tenant's scope. */
async function keep(tenant: string, completionId: string) {
  const store = createSqliteStore(join(dir, 'flows.db'));
  try {
    const scoped = scopeStore(store, tenantPrefix(tenant));
    const records = createWebhookRecords(scoped);
    await records.record({
      kind: 'completion',
      record: {
        id: completionId,
        flow: 'book-appointment',
        matchedBy: 'flow_token',
        params: { rating: '5' },
        receivedAt: RECEIVED_AT,
      },
    });
    await records.record({
      kind: 'event',
      record: {
        id: `${completionId}-event`,
        flowId: '77',
        wabaId: '1',
        alert: { event: 'FLOW_STATUS_CHANGE', flow_id: '77', new_status: 'BLOCKED' },
        receivedAt: RECEIVED_AT,
      },
    });
    await createBookingStore(scoped, { log: pino({ level: 'silent' }) }).book(
      { department: 'shopping', location: '1', date: '2026-03-03', time: '10:30' },
      `${tenant}-flow-token`,
      {
        name: `${tenant} customer`,
        email: 'a@example.com',
        phone: '+447700900123',
        moreDetails: '',
      },
      new Date(RECEIVED_AT),
    );
  } finally {
    await store.close();
  }
}

const ids = (json: string) => (JSON.parse(json) as { id: string }[]).map((record) => record.id);

describe('flows completions, events and a flow command --tenant', () => {
  beforeEach(async () => {
    await addTenant('acme', '200000000000001');
    await addTenant('beta', '200000000000002');
    await keep('acme', 'wamid.ACME1');
    await keep('beta', 'wamid.BETA1');
  });

  it("when a tenant is named, then only its completions, events and bookings are read, in today's formats", async () => {
    const json = await cli('completions', '--tenant', 'acme', '--format', 'json');
    expect(json.code).toBe(0);
    expect(ids(json.out)).toEqual(['wamid.ACME1']);
    const csv = await cli('completions', '--tenant', 'acme');
    expect(csv.out.split('\n')).toEqual([
      'message_id,flow,received_at,matched_by,reason,subject,from,rating',
      `wamid.ACME1,book-appointment,${RECEIVED_AT},flow_token,,,,5`,
    ]);
    const events = await cli('events', '--tenant', 'acme', '--format', 'json');
    expect(ids(events.out)).toEqual(['wamid.ACME1-event']);
    const bookings = await cli('bookings', '--tenant', 'beta', '--format', 'json');
    expect(bookings.code).toBe(0);
    expect(JSON.parse(bookings.out)).toEqual([
      expect.objectContaining({ contact: expect.objectContaining({ name: 'beta customer' }) }),
    ]);
    // Without --tenant, the environment's business: none of theirs.
    expect(ids((await cli('completions', '--format', 'json')).out)).toEqual([]);
  });

  it("when a tenant is exported then removed with --erase, then nothing of it is left and the other's are intact", async () => {
    const exported = await cli('completions', '--tenant', 'acme', '--format', 'json');
    expect(ids(exported.out)).toEqual(['wamid.ACME1']);
    expect((await cli('tenants', 'remove', 'acme', '--erase')).code).toBe(0);

    const after = await cli('completions', '--tenant', 'acme', '--format', 'json');
    expect(after).toEqual({
      code: 2,
      out: '',
      err: '--tenant: no tenant acme, and nothing kept for it (never added, or erased)',
    });
    expect((await cli('bookings', '--tenant', 'acme')).code).toBe(2);
    expect(ids((await cli('completions', '--tenant', 'beta', '--format', 'json')).out)).toEqual([
      'wamid.BETA1',
    ]);
    expect(ids((await cli('events', '--tenant', 'beta', '--format', 'json')).out)).toEqual([
      'wamid.BETA1-event',
    ]);
  });

  it('when a tenant is removed without --erase, then its records can still be exported', async () => {
    expect((await cli('tenants', 'remove', 'acme')).code).toBe(0);
    const json = await cli('completions', '--tenant', 'acme', '--format', 'json');
    expect(json.code).toBe(0);
    expect(ids(json.out)).toEqual(['wamid.ACME1']);
  });

  it('when a tenant whose only records are bookings is removed without --erase, then they can still be exported', async () => {
    await addTenant('gamma', '200000000000003');
    const store = createSqliteStore(join(dir, 'flows.db'));
    try {
      await createBookingStore(scopeStore(store, tenantPrefix('gamma')), {
        log: pino({ level: 'silent' }),
      }).book(
        { department: 'shopping', location: '1', date: '2026-03-03', time: '11:00' },
        'gamma-flow-token',
        { name: 'gamma customer', email: 'g@example.com', phone: '+447700900124', moreDetails: '' },
        new Date(RECEIVED_AT),
      );
    } finally {
      await store.close();
    }
    expect((await cli('tenants', 'remove', 'gamma')).code).toBe(0);
    const bookings = await cli('bookings', '--tenant', 'gamma', '--format', 'json');
    expect(bookings.code).toBe(0);
    expect(JSON.parse(bookings.out)).toEqual([
      expect.objectContaining({ contact: expect.objectContaining({ name: 'gamma customer' }) }),
    ]);
    expect((await cli('tenants', 'remove', 'gamma', '--erase')).code).toBe(2);
    expect((await cli('bookings', '--tenant', 'gamma')).code).toBe(2);
  });

  it('when the export needs no secret, then it works without TENANT_SECRETS_KEY', async () => {
    delete process.env.TENANT_SECRETS_KEY;
    expect(ids((await cli('completions', '--tenant', 'acme', '--format', 'json')).out)).toEqual([
      'wamid.ACME1',
    ]);
  });

  it.each([
    [
      ['completions', '--tenant', 'nobody'],
      '--tenant: no tenant nobody, and nothing kept for it (never added, or erased)',
    ],
    [
      ['events', '--tenant', 'Acme'],
      '--tenant: a tenant id: lower-case letters, digits and dashes',
    ],
    [
      ['completions', '--tenant', 'default'],
      "--tenant: default is the environment's own business: leave --tenant out",
    ],
    [
      ['completions', '--tenant', 'acme', '--unassigned'],
      '--tenant and --unassigned: give one of them',
    ],
  ])('when %j, then one line and exit 2', async (argv, line) => {
    expect(await cli(...argv)).toEqual({ code: 2, out: '', err: line });
  });
});
