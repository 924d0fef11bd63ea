import { createPublicKey } from 'node:crypto';
import pino from 'pino';
import { createBookAppointmentFlow } from '../../flows/book-appointment';
import { createBookingStore } from '../../flows/book-appointment/booking-store';
import { createMemoryStore } from '../../src/store/memory-store';
import { scopeStore, tenantPrefix } from '../../src/store/scope-store';
import {
  createTestEndpoint,
  TEST_APP_SECRET,
  TEST_TOKEN_SECRET,
} from '../../src/testing/create-test-endpoint';
import { createWhatsAppClient } from '../../src/testing/whatsapp-client';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { bookThroughFlow } from '../helpers/appointment-journey';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { businessPrivateKey } from '../helpers/test-keys';
import { MONDAY_MORNING } from '../helpers/test-app';

const FLOW = 'book-appointment';

async function setUp() {
  const store = createMemoryStore();
  const logger = pino({ level: 'silent' });
  const directory = createMemoryTenantDirectory();
  await directory.put('acme', {
    name: 'Acme Dental',
    provider: '360dialog',
    flows: [FLOW],
    settings: { [FLOW]: { businessName: 'Acme Dental, Islington' } },
  });
  await directory.put('beta', { name: 'Beta Bikes', provider: 'cloud', flows: [FLOW] });
  const endpoint = createTestEndpoint({
    flows: createBookAppointmentFlow({ store, logger, now: () => MONDAY_MORNING }),
    store,
    privateKeys: [businessPrivateKey],
    app: { tenants: directory, logger },
  });
  const clientOf = async (tenant: string) =>
    createWhatsAppClient({
      app: endpoint.app,
      flow: FLOW,
      path: `/t/${tenant}/flows/${FLOW}`,
      appSecret: TEST_APP_SECRET,
      publicKey: createPublicKey((await directory.publicKey(tenant)) ?? ''),
    });
  const tokenFor = (tenant: string, subject: string) =>
    issueFlowToken({ flow: FLOW, secret: TEST_TOKEN_SECRET, tenant, subject });
  const bookingsOf = (tenant?: string) =>
    createBookingStore(tenant ? scopeStore(store, tenantPrefix(tenant)) : store, {
      log: logger,
    }).all();
  return { endpoint, clientOf, tokenFor, bookingsOf };
}

const summaryOf = (replies: Awaited<ReturnType<typeof bookThroughFlow>>) =>
  (replies[4]?.json.data as { appointment: string }).appointment;

describe('book-appointment for the businesses of a partner deployment', () => {
  it('when a tenant sets its business name, then SUMMARY names it; one that sets none shows the slot alone', async () => {
    const { clientOf, tokenFor } = await setUp();
    const acme = await bookThroughFlow(await clientOf('acme'), tokenFor('acme', 'u1'));
    expect(acme.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(summaryOf(acme).split('\n')).toEqual([
      'Acme Dental, Islington',
      'Home Goods & Decor at Shoreditch, London',
      'Wed Mar 04 2026 at 12:00',
    ]);
    const beta = await bookThroughFlow(await clientOf('beta'), tokenFor('beta', 'u2'));
    expect(summaryOf(beta).split('\n')[0]).toBe('Home Goods & Decor at Shoreditch, London');
  });

  it("when two businesses book the same slot, then each booking is kept in its own business's records", async () => {
    const { clientOf, tokenFor, bookingsOf } = await setUp();
    await bookThroughFlow(await clientOf('acme'), tokenFor('acme', 'u1'));
    // The same time at another business is free: one business's bookings take nothing of another's.
    const beta = await bookThroughFlow(await clientOf('beta'), tokenFor('beta', 'u2'));
    expect(beta[5]?.status).toBe(200);
    expect(await bookingsOf('acme')).toHaveLength(1);
    expect(await bookingsOf('beta')).toHaveLength(1);
    expect(await bookingsOf()).toHaveLength(0);
  });
});
