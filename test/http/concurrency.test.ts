import { createTestApp } from '../helpers/test-app';

describe('concurrent requests', () => {
  it('when 100 requests arrive at once, then each gets its own correctly sealed answer', async () => {
    const { send, token } = createTestApp();
    const departments = ['shopping', 'clothing', 'home', 'electronics', 'beauty'];
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? send({ version: '3.0', action: 'ping' })
          : send({
              version: '3.0',
              action: 'data_exchange',
              screen: 'APPOINTMENT',
              data: { trigger: 'department_selected', department: departments[i % 5] },
              flow_token: token(`user-${i}`),
            }),
      ),
    );
    replies.forEach((reply, i) => {
      expect(reply.status).toBe(200);
      if (i % 2 === 0) {
        expect(reply.json).toEqual({ data: { status: 'active' } });
      } else {
        expect(reply.json.screen).toBe('APPOINTMENT');
        expect((reply.json.data as { is_location_enabled: boolean }).is_location_enabled).toBe(
          true,
        );
      }
    });
  });
});
