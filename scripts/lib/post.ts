import { request, type Agent } from 'node:http';

/** A body and its X-Hub-Signature-256: how WhatsApp sends flow requests and webhooks alike. */
export interface Signed {
  body: Buffer | string;
  signature: string;
}

export interface Reply {
  /** 0 when no answer came: refused, reset, or nothing within the timeout. */
  status: number;
  text: string;
  failure?: string;
}

export interface PostOptions {
  port: number;
  path: string;
  agent: Agent | false;
  /** WhatsApp gives up after 10 s; so does this client. */
  timeoutMs?: number;
  /** Writes the body in two halves, the second once `secondHalf` resolves: the request stays in flight. */
  split?: { firstHalfWritten: () => void; secondHalf: Promise<void> };
  /** Told when the whole request has been handed to the OS. */
  written?: () => void;
}

/** POSTs one signed body to the loopback server; never rejects. */
export function post(signed: Signed, options: PostOptions): Promise<Reply> {
  const body = Buffer.from(signed.body);
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
        path: options.path,
        method: 'POST',
        agent: options.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-hub-signature-256': signed.signature,
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
      req.end(body, () => options.written?.());
      return;
    }
    const middle = Math.floor(body.length / 2);
    req.write(body.subarray(0, middle), () => split.firstHalfWritten());
    void split.secondHalf.then(() => req.end(body.subarray(middle)));
  });
}
