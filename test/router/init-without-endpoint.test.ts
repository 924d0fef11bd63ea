import { createFeedbackFlow } from '../../flows/feedback';
import { createTestApp } from '../helpers/test-app';

describe('a flow that never calls the endpoint', () => {
  it('when INIT is sent to a navigate-only flow (no data_api_version), then it is a 400, not a 500', async () => {
    const { send, token } = createTestApp({ flows: (store) => [createFeedbackFlow({ store })] });
    const reply = await send({ version: '3.0', action: 'INIT', flow_token: token() });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: 'bad_request' });
  });

  it('when it is pinged, then it still answers active (health checks reach every flow)', async () => {
    const { send } = createTestApp({ flows: (store) => [createFeedbackFlow({ store })] });
    const reply = await send({ version: '3.0', action: 'ping' });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ data: { status: 'active' } });
  });
});
