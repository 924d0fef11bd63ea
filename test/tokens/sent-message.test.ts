import { createMemoryStore } from '../../src/store/memory-store';
import { findSentMessage, recordSentMessage } from '../../src/tokens/sent-message';

describe('sent message records', () => {
  it('when a sent message is recorded, then its id finds the flow and the token key', async () => {
    const store = createMemoryStore();
    const record = {
      flow: 'feedback',
      tokenKey: 'abc',
      subject: '15550001',
      sentAt: '2026-11-29T00:00:00Z',
    };
    await recordSentMessage(store, 'wamid.1', record, 60);
    expect(await findSentMessage(store, 'wamid.1')).toEqual(record);
  });

  it('when the id was never recorded or the row is unreadable, then nothing is found', async () => {
    const store = createMemoryStore();
    await store.set('sent:wamid.2', '{not json');
    await store.set('sent:wamid.3', '{"flow":1}');
    expect(await findSentMessage(store, 'wamid.0')).toBeUndefined();
    expect(await findSentMessage(store, 'wamid.2')).toBeUndefined();
    expect(await findSentMessage(store, 'wamid.3')).toBeUndefined();
  });
});
