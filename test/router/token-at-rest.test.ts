import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { tokenKey } from '../../src/tokens/token-key';
import { CONTACT, SLOT, bookThroughFlow } from '../helpers/appointment-journey';
import { createTestApp } from '../helpers/test-app';

/** Every file the SQLite store keeps in its folder (database, -wal, -shm), read as bytes. */
function storeFiles(dir: string): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

/** The confirmation WhatsApp sends again when it missed the answer. */
const resendOfCompletion = (flowToken: string) => ({
  version: '3.0',
  action: 'data_exchange',
  screen: 'SUMMARY',
  data: { ...SLOT, ...CONTACT },
  flow_token: flowToken,
});

describe('flow tokens at rest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'token-at-rest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when a user books, completes and WhatsApp resends the completion, then no store file holds the raw token and the resend still carries it', async () => {
    const store = createSqliteStore(join(dir, 'flows.db'));
    const { client, send, token } = createTestApp({ store });
    const flowToken = token();

    const journey = await bookThroughFlow(client, flowToken);
    const resent = await send(resendOfCompletion(flowToken));

    expect(journey.at(-1)?.json.screen).toBe('SUCCESS');
    expect(resent.json).toEqual(journey.at(-1)?.json);
    expect(JSON.stringify(resent.json)).toContain(flowToken);

    const signature = flowToken.split('.').at(-1) ?? flowToken;
    const whileOpen = storeFiles(dir);
    expect(whileOpen.map((file) => file.name)).toEqual(
      expect.arrayContaining(['flows.db', 'flows.db-wal', 'flows.db-shm']),
    );
    await store.close();
    for (const { name, bytes } of [...whileOpen, ...storeFiles(dir)]) {
      expect({ name, token: bytes.includes(flowToken) }).toEqual({ name, token: false });
      expect({ name, signature: bytes.includes(signature) }).toEqual({ name, signature: false });
    }
  });

  it('when a completion was stored with its token by an earlier version, then its resend is answered from it', async () => {
    const store = createSqliteStore(':memory:');
    const { client, send, token } = createTestApp({ store });
    const flowToken = token();
    const journey = await bookThroughFlow(client, flowToken);
    const key = `completed:${tokenKey(flowToken)}`;
    const stored = JSON.parse((await store.get(key)) ?? '{}') as { requestHash: string };
    await store.delete(key);
    await store.setIfAbsent(
      key,
      JSON.stringify({ requestHash: stored.requestHash, payload: journey.at(-1)?.json }),
      60,
    );

    const resent = await send(resendOfCompletion(flowToken));
    expect(resent.json).toEqual(journey.at(-1)?.json);
  });
});
