import { defineFlow } from '../../src/flow-definition/define-flow';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { metricValue } from '../helpers/metric-value';
import { createTestApp, issueToken } from '../helpers/test-app';
import {
  cloudMessages,
  deliver,
  nfmReply,
  textMessage,
  WEBHOOK_SECRET,
} from '../helpers/webhook-deliveries';

function setup() {
  let completed = 0;
  const survey = defineFlow({
    name: 'survey',
    onComplete() {
      completed++;
    },
  });
  const testApp = createTestApp({
    flows: [survey],
    webhooks: { webhookSecrets: [WEBHOOK_SECRET], retryDelaysMs: [0] },
  });
  return {
    ...testApp,
    records: createWebhookRecords(testApp.store),
    completed: () => completed,
  };
}

const replies = (count: number) =>
  Array.from({ length: count }, () =>
    nfmReply({ response: { flow_token: issueToken('survey'), a: '1' } }),
  );

describe('how much one delivery may hold', () => {
  it('when a signed delivery holds 1,001 messages, then 413 and none is recorded', async () => {
    const { app, records, completed } = setup();
    const res = await deliver(app, cloudMessages(replies(1_001)));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'payload_too_large' });
    expect(await records.completions()).toHaveLength(0);
    expect(completed()).toBe(0);
  });

  it('when a delivery holds 1,000 items in total (one entry, one change, 998 messages), then it is read', async () => {
    const { app, records } = setup();
    const messages = [...replies(2), ...Array.from({ length: 996 }, textMessage)];
    expect((await deliver(app, cloudMessages(messages))).status).toBe(200);
    expect(await records.completions()).toHaveLength(2);
  });

  it('when one more message makes 1,001 items in total, then 413', async () => {
    const { app, records } = setup();
    const messages = [...replies(2), ...Array.from({ length: 997 }, textMessage)];
    expect((await deliver(app, cloudMessages(messages))).status).toBe(413);
    expect(await records.completions()).toHaveLength(0);
  });

  it('when the items are spread over many entries and changes, then they count together', async () => {
    const { app, records } = setup();
    const one = cloudMessages(replies(1)).entry[0];
    const body = {
      object: 'whatsapp_business_account',
      entry: Array.from({ length: 334 }, () => one),
    };
    expect((await deliver(app, body)).status).toBe(413);
    expect(await records.completions()).toHaveLength(0);
  });

  it('when 360dialog-style top-level messages number 1,001, then 413', async () => {
    const { app, records } = setup();
    const res = await deliver(app, { messages: replies(1_001) }, '360dialog');
    expect(res.status).toBe(413);
    expect(await records.completions()).toHaveLength(0);
  });

  it('when a signed delivery holds a million messages, then 413 without reading any of them', async () => {
    const { app, records } = setup();
    const messages = `[${'{},'.repeat(999_999)}{}]`;
    const body = `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":${messages}}}]}]}`;
    const res = await deliver(app, body);
    expect(res.status).toBe(413);
    expect(await records.completions()).toHaveLength(0);
    // Refused from the array's length: not one message went through its schema.
    expect(await metricValue(app, 'flows_webhook_items_total', { kind: 'message' })).toBe(0);
    expect(await metricValue(app, 'flows_webhook_deliveries_total', { result: 'too_large' })).toBe(
      1,
    );
  });
});
