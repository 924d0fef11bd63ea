import { request, type Agent } from 'node:http';
import type { PreparedRequest } from './prepared-requests';

export const FLOW_PATH = '/flows/book-appointment';

export interface Reply {
  /** 0 when no answer came: refused, reset, or nothing within the timeout. */
  status: number;
  text: string;
  failure?: string;
}

export interface PostOptions {
  port: number;
  agent: Agent | false;
  /** WhatsApp gives up after 10 s; so does this client. */
  timeoutMs?: number;
  /** Writes the body in two halves, the second once `secondHalf` resolves: the request stays in flight. */
  split?: { firstHalfWritten: () => void; secondHalf: Promise<void> };
  /** Told when the whole request has been handed to the OS. */
  written?: () => void;
}

/** POSTs one prepared request; never rejects. */
export function post(prepared: PreparedRequest, options: PostOptions): Promise<Reply> {
  return new Promise((resolve) => {
    let settled = false;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const finish = (reply: Reply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: FLOW_PATH,
        method: 'POST',
        agent: options.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': prepared.body.length,
          'x-hub-signature-256': prepared.signature,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          finish({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (err) => finish({ status: 0, text: '', failure: err.message }));
      },
    );
    // Answers and errors come asynchronously, so the timer below always exists by then.
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: 0, text: '', failure: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (err) => finish({ status: 0, text: '', failure: err.message }));
    const { split } = options;
    if (!split) {
      req.end(prepared.body, () => options.written?.());
      return;
    }
    const middle = Math.floor(prepared.body.length / 2);
    req.write(prepared.body.subarray(0, middle), () => split.firstHalfWritten());
    void split.secondHalf.then(() => req.end(prepared.body.subarray(middle)));
  });
}
