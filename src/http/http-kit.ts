import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EndpointError } from '../errors/endpoint-error';
import type { FlowObserver } from '../metrics/flow-observer';
import { clientAddress, type TrustProxy } from './client-address';
import { HttpExchange } from './http-exchange';
import { accessLog } from './log-access';
import { requestId } from './request-id';
import { securityHeaders } from './security-headers';
import { bodyLeftUnread } from './unread-body';

const JSON_TYPE = 'application/json; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * Each HTTP concern once, for both ways a request is served (the flow route on node:http and
 * Express for the rest): request id, security headers, the JSON error body, the access line and
 * the request's metrics.
 */
export interface HttpKit {
  /** Every request starts here: its id (the caller's X-Request-Id when sane) and its clock. */
  begin(req: IncomingMessage): HttpExchange;
  /**
   * For a request Express answers: its headers are set now (Express's helpers write them later),
   * and its access line is written when the answer ends.
   */
  handOver(req: IncomingMessage, res: ServerResponse, exchange: HttpExchange): void;
  /** A whole answer, with the security headers and the request id, in one write. */
  send(
    res: ServerResponse,
    exchange: HttpExchange,
    status: number,
    type: string,
    body: string,
  ): void;
  /** A clear JSON answer, never a stack trace; the reason also goes on the access line. */
  sendError(res: ServerResponse, error: EndpointError, exchange?: HttpExchange): void;
  /** The access line and, for a known flow, the request's metrics. */
  finish(req: IncomingMessage, exchange: HttpExchange, status: number): void;
}

export interface HttpKitOptions {
  logger: Logger;
  observer: FlowObserver;
  trustProxy: TrustProxy;
}

export function createHttpKit({ logger, observer, trustProxy }: HttpKitOptions): HttpKit {
  // Helmet's headers never vary by request: worked out once, written with the status line.
  const headers = Object.fromEntries(securityHeaders());
  // The same as name, value, name, value…: Node walks such a list several times faster than the
  // properties of an object spread afresh for each answer (about 9 µs an answer).
  const headerList = Object.entries(headers).flat();
  const logAccess = accessLog(logger);
  const client = clientAddress(trustProxy);
  // Only the requests Express answers are looked up here (its error handler gets no exchange).
  const handedOver = new WeakMap<ServerResponse, HttpExchange>();

  const kit: HttpKit = {
    begin(req) {
      return new HttpExchange(requestId(req.headers['x-request-id']), logger, req.method, req.url);
    },

    handOver(req, res, exchange) {
      handedOver.set(res, exchange);
      for (const name in headers) res.setHeader(name, headers[name] as string);
      res.setHeader('x-request-id', exchange.reqId);
      const done = () => {
        res.removeListener('finish', done);
        res.removeListener('close', done);
        kit.finish(req, exchange, res.statusCode);
      };
      res.once('finish', done);
      res.once('close', done);
    },

    send(res, exchange, status, type, body) {
      const list = headerList.slice();
      list.push(
        'content-type',
        type,
        'content-length',
        String(Buffer.byteLength(body)),
        'x-request-id',
        exchange.reqId,
      );
      if (bodyLeftUnread(res.req)) list.push('connection', 'close');
      res.writeHead(status, list);
      res.end(body);
    },

    sendError(res, error, exchange = handedOver.get(res)) {
      if (!exchange) throw new Error('sendError on a response no exchange began');
      exchange.error = error;
      kit.send(res, exchange, error.status, JSON_TYPE, JSON.stringify(error.body));
    },

    finish(req, exchange, status) {
      const { tenant, flow, action, screen } = exchange.fields;
      // Unknown flow names are not counted: they would let any caller grow the label set.
      if (flow !== undefined) {
        observer.request({
          tenant,
          flow,
          action,
          screen,
          status,
          seconds: Number(process.hrtime.bigint() - exchange.started) / 1e9,
          reason: exchange.error?.message,
        });
      }
      logAccess(exchange, status, client(req));
    },
  };
  return kit;
}
