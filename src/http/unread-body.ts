import type { IncomingMessage } from 'node:http';

const refused = new WeakSet<IncomingMessage>();

/**
 * Marks a request refused before its body was read whole. Its answer then closes the connection:
 * node:http would otherwise read the rest of the body (however slowly it comes) to keep the
 * connection for a next request.
 */
export function leaveBodyUnread(req: IncomingMessage): void {
  refused.add(req);
}

export const bodyLeftUnread = (req: IncomingMessage): boolean => refused.has(req);
