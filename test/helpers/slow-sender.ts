import { connect } from 'node:net';

export interface SlowSender {
  /** The answer's status and headers (lower-case names), or status 0 if it closed without one. */
  answer: Promise<{ status: number; headers: Record<string, string> }>;
  /** Resolves when the connection is gone, whichever side ended it. */
  closed: Promise<void>;
  /** Sends `bytes` more of the body, unless the connection is gone. */
  send(bytes: number): void;
  /** Leaves: the connection is dropped mid-body. */
  leave(): void;
  /** `answered <status>`, `cut` (closed with no answer) or `sending`. */
  outcome(): string;
}

/**
 * A POST that announces a body of `length` bytes and sends it only as told: the client a server
 * must not wait for or buffer without bound.
 */
export function slowSender(
  port: number,
  path: string,
  length: number,
  headers: Record<string, string> = {},
): SlowSender {
  const socket = connect(port, '127.0.0.1');
  const head = Object.entries({
    host: '127.0.0.1',
    'content-type': 'application/json',
    'content-length': String(length),
    ...headers,
  })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
  let received = '';
  let status: number | undefined;
  let resolveAnswer: (answer: { status: number; headers: Record<string, string> }) => void;
  const answer = new Promise<{ status: number; headers: Record<string, string> }>(
    (resolve) => (resolveAnswer = resolve),
  );
  const readAnswer = () => {
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const [statusLine = '', ...lines] = received.slice(0, end).split('\r\n');
    const fields = lines.map((line) => line.split(/:\s*/, 2) as [string, string]);
    status = Number(statusLine.split(' ')[1]);
    resolveAnswer({
      status,
      headers: Object.fromEntries(fields.map(([name, value]) => [name.toLowerCase(), value])),
    });
    return true;
  };
  socket.setEncoding('latin1').on('data', (chunk: string) => {
    received += chunk;
    if (readAnswer()) received = '';
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      resolveAnswer({ status: 0, headers: {} });
      resolve();
    }),
  );
  let sent = 0;
  return {
    answer,
    closed,
    send(bytes) {
      const next = Math.min(bytes, length - sent);
      if (socket.destroyed || socket.writableEnded || next <= 0) return;
      sent += next;
      socket.write(Buffer.alloc(next, 0x20));
    },
    leave: () => void socket.destroy(),
    outcome: () =>
      status !== undefined ? `answered ${status}` : socket.destroyed ? 'cut' : 'sending',
  };
}
