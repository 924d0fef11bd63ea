import { createSqliteStore } from '../../src/store/sqlite-store';
import { unassignedRecords } from '../../src/webhooks/delivery-lane';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';

describe('flows completions --unassigned and flows events --unassigned', () => {
  let harness: CliHarness;
  beforeEach(async () => {
    harness = await CliHarness.start('cloud');
    const store = createSqliteStore(harness.storeUrl.slice('sqlite:'.length));
    const receivedAt = new Date().toISOString();
    await unassignedRecords(store).record({
      kind: 'completion',
      record: {
        id: 'wamid.UNASSIGNED1',
        matchedBy: 'none',
        reason: 'unknown waba 123',
        params: { rating: '5' },
        receivedAt,
      },
    });
    await unassignedRecords(store).record({
      kind: 'event',
      record: {
        id: 'event-1',
        flowId: '77',
        wabaId: '123',
        reason: 'unknown waba 123',
        alert: { event: 'FLOW_STATUS_CHANGE', flow_id: '77', new_status: 'BLOCKED' },
        receivedAt,
      },
    });
    await createWebhookRecords(store).record({
      kind: 'completion',
      record: { id: 'wamid.DEFAULT1', matchedBy: 'none', params: {}, receivedAt },
    });
    await store.close();
  });
  afterEach(() => harness.stop());

  it('when asked for the unassigned, then only the changes no tenant claimed are listed, with the reason', async () => {
    const completions = await harness.run(['completions', '--unassigned', '--format', 'json']);
    expect(completions.code).toBe(0);
    expect(JSON.parse(completions.out)).toEqual([
      expect.objectContaining({ id: 'wamid.UNASSIGNED1', reason: 'unknown waba 123' }),
    ]);
    const events = await harness.run(['events', '--unassigned']);
    expect(events.code).toBe(0);
    expect(events.out).toContain('unknown waba 123');
    expect(events.out).toContain('BLOCKED');
  });

  it('when not asked, then the unassigned stay out of the exports', async () => {
    const completions = await harness.run(['completions', '--format', 'json']);
    expect(JSON.parse(completions.out)).toEqual([
      expect.objectContaining({ id: 'wamid.DEFAULT1' }),
    ]);
    expect((await harness.run(['events'])).out).toBe('no Flow events');
  });
});
