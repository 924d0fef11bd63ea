import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from '@photostructure/sqlite';
import request from 'supertest';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { createTestApp } from '../helpers/test-app';

let writeStarted: () => void = () => undefined;

/** Its INIT writes to the store, as most flows' requests do, and says when it starts to. */
const writer = defineFlow({
  name: 'writer',
  INIT: async (ctx) => {
    const writing = ctx.session.set('visited', true);
    writeStarted();
    await writing;
    return ctx.next('DONE', {});
  },
});

describe('one SQLite file shared by workers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'readiness-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when another worker holds the write lock, then a write waits for it while /readyz and other requests are answered meanwhile', async () => {
    const file = join(dir, 'flows.db');
    const store = createSqliteStore(file);
    const { app, send, token } = createTestApp({ flows: [writer], store });
    // Another worker's connection, in the middle of a long write.
    const otherWorker = new DatabaseSync(file);
    otherWorker.exec('BEGIN IMMEDIATE');
    const events: string[] = [];
    const started = new Promise<void>((resolve) => {
      writeStarted = resolve;
    });

    const writing = send({ version: '3.0', action: 'INIT', flow_token: token() }).then((reply) => {
      events.push('write answered');
      return reply;
    });
    await started;
    for (let i = 0; i < 5; i += 1) {
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(200);
    }
    events.push('readiness answered 5 times');
    otherWorker.exec('ROLLBACK');
    otherWorker.close();

    expect((await writing).status).toBe(200);
    expect(events).toEqual(['readiness answered 5 times', 'write answered']);
    await store.close();
  });
});
