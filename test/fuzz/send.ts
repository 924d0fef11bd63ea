import { request, type Agent, type ClientRequest } from 'node:http';
import type { FuzzCase } from './fuzz-case';
import type { Outcome } from './judge';

export const PATH = '/flows/book-appointment';

/**
 * Posts one case and resolves with what came back; never rejects. No answer within `timeoutMs`
 * counts as a hang. The request id names the case, so its log lines can be found.
 */
export function send(
  agent: Agent | false,
  port: number,
  fuzz: FuzzCase,
  requestId: string,
  timeoutMs: number,
): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const headers = {
      ...fuzz.headers,
      'content-length': String(fuzz.body.length),
      'x-request-id': requestId,
      // Bodies the server refuses unread may leave the connection unusable: never reuse one.
      ...(agent === false && { connection: 'close' }),
    };
    let req: ClientRequest | undefined;
    const timer = setTimeout(() => {
      req?.destroy();
      finish({ status: 0, text: '', failure: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    try {
      req = request({ host: '127.0.0.1', port, path: PATH, method: 'POST', agent, headers });
    } catch (err) {
      // Only a header Node refuses to send lands here: a mistake in the case, not the server.
      return finish({ status: 0, text: '', failure: `not sendable: ${(err as Error).message}` });
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        finish({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (err) => finish({ status: 0, text: '', failure: err.message }));
    });
    // An error after the answer (the server closing while a refused body is still being written)
    // changes nothing; one before it means the request got no answer.
    req.on('error', (err) =>
      finish({ status: 0, text: '', failure: `connection: ${err.message}` }),
    );
    req.end(fuzz.body);
  });
}
