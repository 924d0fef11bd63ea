import type { Server } from 'node:http';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp } from '../helpers/test-app';
import { openResponse, sealRequest, sign } from '../helpers/whatsapp-client';
import { APP_SECRET } from '../helpers/test-app';
import { fuzzCase, hugeCases, KINDS, type FuzzCase } from './malformed-cases';
import { prng } from './prng';

const SEED = 20261124;
const COUNT = 10_000;
const IN_FLIGHT = 24;
const TIMEOUT_MS = 5000;

interface Outcome {
  status: number;
  text: string;
}

function send(agent: Agent, port: number, fuzz: FuzzCase): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/flows/book-appointment',
        method: 'POST',
        agent,
        headers: { ...fuzz.headers, 'content-length': fuzz.body.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    // A refusal may close the socket before the whole body is written; the answer still counts.
    req.on('error', (err) =>
      err.message.startsWith('no answer')
        ? reject(err)
        : resolve({ status: -1, text: err.message }),
    );
    req.end(fuzz.body);
  });
}

/** What a 200 may be for a fuzzed request: a well-formed answer, usually a screen with an error_message. */
function acceptable200(fuzz: FuzzCase, text: string): string | undefined {
  if (!fuzz.sealed) return 'a 200 for a request that was never validly sealed';
  let answer: unknown;
  try {
    answer = openResponse(text, fuzz.sealed.aesKey, fuzz.sealed.iv);
  } catch {
    return 'a 200 whose body does not open with the request key';
  }
  const { screen, data } = answer as { screen?: unknown; data?: unknown };
  if (typeof data !== 'object' || data === null) return `a 200 without data: ${text.slice(0, 80)}`;
  if (screen !== undefined && typeof screen !== 'string')
    return 'a 200 with a screen that is not a string';
  return undefined;
}

describe('fuzz: malformed requests', () => {
  let server: Server;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

  beforeAll(async () => {
    const { app } = createTestApp({ validation: 'warn' });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it(`when ${COUNT} generated malformed requests arrive (seed ${SEED}), then each gets a 4xx or a well-formed answer, none a 5xx or a hang`, async () => {
    const random = prng(SEED);
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    let next = 0;
    const cases = (i: number) =>
      i < 3 ? (hugeCases()[i] as FuzzCase) : fuzzCase(KINDS[i % KINDS.length] as string, random);
    const worker = async () => {
      while (next < COUNT) {
        const index = next++;
        const fuzz = cases(index);
        const outcome = await send(agent, port, fuzz).catch((err: Error) => ({
          status: 0,
          text: err.message,
        }));
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        const problem =
          outcome.status === 0
            ? `hung: ${outcome.text}`
            : outcome.status >= 500
              ? `status ${outcome.status}: ${outcome.text.slice(0, 120)}`
              : outcome.status === 200
                ? acceptable200(fuzz, outcome.text)
                : outcome.status === -1 && fuzz.kind !== 'huge json'
                  ? `connection error: ${outcome.text}`
                  : undefined;
        if (problem) failures.push(`#${index} (${fuzz.kind}): ${problem}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    expect(failures.slice(0, 10)).toEqual([]);
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(COUNT);
    expect(Object.keys(statuses).some((status) => Number(status) >= 400)).toBe(true);

    // And the server is still there for a real ping.
    const ping = sealRequest({ version: '3.0', action: 'ping' });
    const outcome = await send(agent, port, {
      kind: 'ping',
      body: Buffer.from(ping.body),
      headers: {
        'x-hub-signature-256': sign(ping.body, APP_SECRET),
        'content-type': 'application/json',
      },
      sealed: ping,
    });
    expect(outcome.status).toBe(200);
    expect(openResponse(outcome.text, ping.aesKey, ping.iv)).toEqual({
      data: { status: 'active' },
    });
  }, 90_000);
});
