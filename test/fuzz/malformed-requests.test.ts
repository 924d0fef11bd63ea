import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp } from '../helpers/test-app';
import { sealedDraft, type FuzzCase } from './fuzz-case';
import { judge, type Outcome } from './judge';
import { fuzzCase, hugeFuzzCases, KIND_COUNT } from './schedule';
import { send } from './send';
import { APPOINTMENT_VARIANTS, detailsVariant, exchange, freshToken } from './valid-requests';
import { prng } from './prng';

/**
 * Thousands of seeded malformed requests through the real HTTP app (in-memory SQLite store,
 * book-appointment, strict answer checks), many in flight at once. Each case knows its right
 * answer; any other answer, a 5xx or a hang fails the run, naming the case's index so that
 * `fuzzCase(SEED, index)` rebuilds it.
 */
const SEED = 20261124;
const COUNT = 10_000;
const IN_FLIGHT = 24;
const TIMEOUT_MS = 5000;

interface Failure {
  id: string;
  fuzz: FuzzCase;
  problem: string;
}

describe('fuzz: malformed requests through the real HTTP app', () => {
  const { app, logs } = createTestApp();
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** The log line's error stack for a request, when the server logged one. */
  function stackOf(requestId: string): string {
    const line = logs.lines().find((entry) => entry.reqId === requestId && entry.err);
    const err = line?.err as { stack?: string } | undefined;
    return err?.stack ? ` | ${err.stack.split('\n').slice(0, 4).join(' ⏎ ')}` : '';
  }

  const report = (failures: Failure[]) =>
    failures
      .slice(0, 5)
      .map(
        ({ id, fuzz, problem }) =>
          `${id} [${fuzz.kind}] ${fuzz.note}: ${problem}${stackOf(id)} (rebuild: fuzzCase(${SEED}, ${id.replace(/\D/g, '')}))`,
      );

  it('when the valid requests the cases break are sent unbroken, then each gets its normal answer', async () => {
    const random = prng(SEED);
    const token = freshToken(random);
    const cases: FuzzCase[] = [
      ...APPOINTMENT_VARIANTS.map(({ data }) =>
        sealedDraft('valid APPOINTMENT', exchange('APPOINTMENT', data, token), [
          { answer: 'screen', screen: 'APPOINTMENT' },
        ]),
      ),
      sealedDraft('valid DETAILS', exchange('DETAILS', detailsVariant(random).data, token), [
        { answer: 'screen', screen: 'SUMMARY' },
      ]),
      sealedDraft('ping', { version: '3.0', action: 'ping' }, [{ answer: 'ping' }]),
    ].map((draft) => ({ kind: 'valid', ...draft }));

    const problems = await Promise.all(
      cases.map(async (fuzz, i) => {
        const outcome = await send(agent, port, fuzz, `valid-${i}`, TIMEOUT_MS);
        const problem = judge(fuzz, outcome);
        return problem && `${fuzz.note}: ${problem}`;
      }),
    );
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it(`when ${COUNT} generated malformed requests and a few of about 1 MiB arrive (seed ${SEED}), then each gets a 4xx or its correct 200, none a 5xx, none hangs`, async () => {
    const failures: Failure[] = [];
    const statuses = new Map<number, number>();
    const kinds = new Set<string>();
    const record = (id: string, fuzz: FuzzCase, outcome: Outcome) => {
      kinds.add(fuzz.kind);
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      const problem =
        outcome.status >= 500
          ? `a ${outcome.status}: ${outcome.text.slice(0, 200)}`
          : judge(fuzz, outcome);
      if (problem) failures.push({ id, fuzz, problem });
    };

    // The huge ones on their own connections, since a refusal may close its connection.
    const huge = (async () => {
      for (const [i, fuzz] of hugeFuzzCases().entries()) {
        record(`huge-${i}`, fuzz, await send(false, port, fuzz, `huge-${i}`, TIMEOUT_MS));
      }
    })();
    let next = 0;
    const worker = async () => {
      while (next < COUNT) {
        const index = next++;
        const fuzz = fuzzCase(SEED, index);
        record(`fuzz-${index}`, fuzz, await send(agent, port, fuzz, `fuzz-${index}`, TIMEOUT_MS));
      }
    };
    await Promise.all([huge, ...Array.from({ length: IN_FLIGHT }, worker)]);

    expect([`${failures.length} wrong answers`, ...report(failures)]).toEqual(['0 wrong answers']);
    expect(kinds.size).toBe(KIND_COUNT + 1);
    expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(COUNT + 5);
    // Nothing failed quietly either: no error was logged for any of them.
    const errors = logs.lines().filter((line) => Number(line.level) >= 50);
    expect(errors.map((line) => `${String(line.reqId)}: ${String(line.msg)}`)).toEqual([]);

    // And the server is still there, answering a real ping.
    expect(server.listening).toBe(true);
    const ping = {
      kind: 'ping',
      ...sealedDraft('ping', { version: '3.0', action: 'ping' }, [{ answer: 'ping' }]),
    };
    const outcome = await send(agent, port, ping, 'final-ping', TIMEOUT_MS);
    expect(judge(ping, outcome)).toBeUndefined();
  }, 60_000);
});
