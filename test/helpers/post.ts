import { request } from 'node:http';

export interface Reply {
  /** 0 when no answer came: refused, reset, or nothing within 10 s (WhatsApp's limit). */
  status: number;
  text: string;
  failure?: string;
}

/**
 * POSTs a signed body to the loopback server on a connection of its own; never rejects. With
 * `midway`, the headers and half the body are sent first, the rest once `midway()` resolves.
 */
export function post(
  signed: { body: string | Buffer; signature: string },
  port: number,
  path: string,
  midway?: () => Promise<void>,
) {
  const body = Buffer.from(signed.body);
  return new Promise<Reply>((resolve) => {
    const fail = (err: Error) => resolve({ status: 0, text: '', failure: err.message });
    const headers = {
      'content-type': 'application/json',
      'content-length': body.length,
      'x-hub-signature-256': signed.signature,
    };
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', fail).on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('error', fail);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
      );
    });
    if (!midway) return void req.end(body);
    const half = Math.floor(body.length / 2);
    req.write(body.subarray(0, half), () =>
      midway().then(
        () => req.end(body.subarray(half)),
        (err: Error) => req.destroy(err),
      ),
    );
  });
}
