import type { IncomingMessage } from 'node:http';
import { EndpointError } from '../errors/endpoint-error';
import type { BodyClaim, ByteBudget } from './byte-budget';
import { leaveBodyUnread } from './unread-body';

const UNBOUNDED: BodyClaim = { cover: () => true, release: () => undefined };

/**
 * The raw body, as sent, of at most `limit` bytes. With a budget (a body whose sender is known
 * only once it is read), its bytes count against it from the start: the declared length is
 * claimed before anything is read. A body over `limit` is refused at once, unread (413); one the
 * budget evicts to make room for a newer body is refused 503; the claim is given back however the
 * request ends.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  budget?: ByteBudget,
): Promise<Buffer> {
  const refuse = (error: EndpointError) => {
    leaveBodyUnread(req);
    return error;
  };
  const tooLarge = () => refuse(new EndpointError('payload_too_large', `body over ${limit} bytes`));
  const length = req.headers['content-length'];
  const declared = length === undefined ? 0 : Number(length);
  if (declared > limit) return Promise.reject(tooLarge());

  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let received = 0;
    const settle = (error?: EndpointError) => {
      req.off('data', onData).off('end', onEnd).off('close', onCut).off('error', onCut);
      claim?.release();
      if (error) reject(error);
      // A body that came in one chunk, as most do, is taken as it is rather than copied.
      else resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, received));
      // Bytes already read go with the request, whatever still refers to it.
      chunks = [];
    };
    const busy = () =>
      settle(refuse(new EndpointError('overloaded', 'too many request bodies at once; retry')));
    function onData(chunk: Buffer) {
      received += chunk.length;
      if (received > limit) settle(tooLarge());
      else if (!claim?.cover(received)) busy();
      else chunks.push(chunk);
    }
    function onEnd() {
      settle();
    }
    function onCut() {
      settle(new EndpointError('bad_request', 'request body did not arrive whole'));
    }
    // Only a body larger than the whole budget finds no room: `limit` keeps that from happening.
    const claim = budget ? budget.claim(declared, busy) : UNBOUNDED;
    if (!claim) return busy();
    req.on('data', onData).once('end', onEnd).once('close', onCut).once('error', onCut);
  });
}
