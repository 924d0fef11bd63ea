import type { Request } from 'express';

/** This very server, as the connection reached it: the playground's requests go over real HTTP. */
export function selfUrl(req: Request, pathname: string): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}${pathname}`;
}
