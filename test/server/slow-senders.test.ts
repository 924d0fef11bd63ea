import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BODY_LIMIT } from '../../src/http/flow-route';
import { DEFAULT_UNVERIFIED_BODIES_MAX as UNVERIFIED_BODIES_MAX } from '../../src/http/server-limits';
import { percentile } from '../../scripts/lib/drive-load';
import {
  signedDelivery,
  signedPing,
  slowSenders,
  type SlowSendersRun,
} from '../../scripts/lib/slow-senders';
import { IMAGE_ENV } from '../../scripts/lib/image-env';
import { getStatus, startServer, type ServerProcess } from '../../scripts/lib/server-process';
import { slowSender } from '../helpers/slow-sender';
import { waitFor } from '../helpers/webhook-deliveries';
import { businessPublicKey, fixturePem } from '../helpers/test-keys';

const APP_SECRET = 'slow-senders-app-secret';
const WEBHOOK_SECRET = 'slow-senders-webhook-secret-0123456789';
const PRODUCTION = {
  APP_SECRET,
  FLOW_TOKEN_SECRET: 'slow-senders-flow-token-secret-0123456789',
  PRIVATE_KEY: fixturePem('rsa-2048-pkcs8.pem'),
};
const FORGED = { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
const WEBHOOKS = '/webhooks/whatsapp';

// Each test starts its own server, in a fresh directory, stopped after it.
let dir: string;
let server: ServerProcess;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slow-senders-'));
});
afterEach(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('200 slow senders of bodies nobody authenticated (3 MiB, 1 MiB to the flow route)', () => {
  /** What the issue asks of every case: bounded memory, given back, and others still answered. */
  function expectBounded(run: SlowSendersRun) {
    // The peak takes in what stays after the second wave: a second wave adds nothing beyond the
    // bound (unbounded, each wave kept its bodies: 600 MiB more).
    expect(run.rss.peak - run.rss.start).toBeLessThan(64);
    // Once they left, their bodies are given back: what stays is the server's own growth (code
    // compiled, heap grown by the requests served meanwhile), measured 6 to 35 MiB.
    expect(run.rss.after - run.rss.start).toBeLessThan(48);
    expect(run.meanwhile.map((reply) => reply.status)).toEqual(run.meanwhile.map(() => 200));
    // These answers take milliseconds; the median, so that one stall of a shared machine's
    // scheduler does not decide.
    expect(
      percentile(
        run.meanwhile.map((reply) => reply.ms),
        0.5,
      ),
    ).toBeLessThan(1000);
  }

  it.each([
    ['a forged signature, WEBHOOK_SECRET set', WEBHOOKS, FORGED, true],
    ['a forged signature, APP_SECRET only', WEBHOOKS, FORGED, false],
    ['no signature', WEBHOOKS, {}, true],
    ['a wrong X-Webhook-Secret', WEBHOOKS, { 'x-webhook-secret': 'not-the-secret' }, true],
    ['a forged signature to the flow route', '/flows/book-appointment', FORGED, true],
  ] as const)(
    'when they carry %s, then memory stays within 64 MiB of the start through two waves and returns within 48 MiB once they leave, and signed requests sent meanwhile are answered within 1 s',
    async (_case, path, headers, withWebhookSecret) => {
      server = await startServer({
        dir,
        // Memory is judged as the image runs the server (its allocator's settings).
        env: { ...IMAGE_ENV, ...PRODUCTION, ...(withWebhookSecret && { WEBHOOK_SECRET }) },
      });
      const { port, pid } = server;
      const flowRoute = path !== WEBHOOKS;
      const run = await slowSenders({
        port,
        pid,
        path,
        headers,
        // Over its own limit a flow request is refused alone (413): at it, they all count.
        bodyBytes: flowRoute ? BODY_LIMIT : 3 * 1024 * 1024,
        meanwhile: () =>
          flowRoute
            ? signedPing(port, APP_SECRET, businessPublicKey)
            : signedDelivery(port, APP_SECRET),
      });

      expectBounded(run);
      // Read at once: as many as the bound holds if a signature could vouch for them, else none.
      const bodyBytes = flowRoute ? BODY_LIMIT : 3 * 1024 * 1024;
      const held =
        'x-hub-signature-256' in headers ? Math.floor(UNVERIFIED_BODIES_MAX / bodyBytes) : 0;
      expect(run.outcomes.get('sending') ?? 0).toBeLessThanOrEqual(held);
    },
    60_000,
  );
});

describe('the server’s own bounds on clients', () => {
  it('when a body is still arriving at REQUEST_TIMEOUT, then the server answers 408 and closes the connection', async () => {
    server = await startServer({
      dir,
      env: { ...PRODUCTION, HEADERS_TIMEOUT: '1000', REQUEST_TIMEOUT: '1000' },
    });
    const sender = slowSender(server.port, '/flows/book-appointment', 1024, FORGED);
    sender.send(10);

    expect((await sender.answer).status).toBe(408);
    await sender.closed;
  });

  it('when MAX_CONNECTIONS are open, then one more is closed unanswered, and served again once one leaves', async () => {
    server = await startServer({ dir, env: { ...PRODUCTION, MAX_CONNECTIONS: '3' } });
    const held = Array.from({ length: 3 }, () => slowSender(server.port, WEBHOOKS, 1024, FORGED));
    for (const sender of held) sender.send(1);

    const refused = slowSender(server.port, WEBHOOKS, 1024, FORGED);
    expect(await refused.answer).toEqual({ status: 0, headers: {} });
    held[0]?.leave();
    await held[0]?.closed;
    await waitFor(async () => (await getStatus(server.port, '/healthz')) === 200);
    for (const sender of held) sender.leave();
  });
});
