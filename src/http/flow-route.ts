import type { IncomingMessage, ServerResponse } from 'node:http';
import { EndpointError } from '../errors/endpoint-error';
import { handleFlowRequest, type SealedAnswer } from '../router/handle-flow-request';
import type { FlowRuntime } from '../router/flow-runtime';
import type { LoadedFlow } from '../router/load-flow';
import type { ByteBudget } from './byte-budget';
import type { HttpExchange } from './http-exchange';
import { TEXT_TYPE, type HttpKit } from './http-kit';
import { readBody } from './read-body';
import { toEndpointError } from './to-endpoint-error';

/** 1 MiB: far above any Flows request, low enough to refuse abuse before decryption. */
export const BODY_LIMIT = 1024 * 1024;

/** WhatsApp posts JSON; a missing content type is tolerated, any other type is not. */
const JSON_CONTENT = /^application\/json\s*(;|$)/i;

export interface FlowRouteOptions {
  flows: ReadonlyMap<string, LoadedFlow>;
  runtime: FlowRuntime;
  http: HttpKit;
  /** Shared with every body read before its signature can be checked. */
  bodies: ByteBudget;
}

export type FlowRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  exchange: HttpExchange,
  flowName: string,
) => void;

/**
 * POST /flows/<name>, on node:http directly: the one deliberate exception to "everything is
 * Express". Every request here costs an RSA decryption, and Express's routing and response
 * machinery cost as much again (`npm run bench` measures both); nothing here needs them. It shares
 * every HTTP concern with Express through the HttpKit. The answer is Base64 text, or a short
 * JSON reason on failure.
 */
export function flowRoute({ flows, runtime, http, bodies }: FlowRouteOptions): FlowRoute {
  async function answer(
    req: IncomingMessage,
    flow: LoadedFlow | undefined,
    exchange: HttpExchange,
  ): Promise<SealedAnswer> {
    if (!flow) throw new EndpointError('not_found', 'no such flow');
    const type = req.headers['content-type'];
    if (type !== undefined && !JSON_CONTENT.test(type)) {
      throw new EndpointError('unsupported_media_type', 'body must be application/json');
    }
    // The signature covers the raw bytes, so the body is read as-is, never parsed first.
    const rawBody = await readBody(req, BODY_LIMIT, bodies);
    const signature = req.headers['x-hub-signature-256'];
    return await handleFlowRequest(
      { rawBody, signature: typeof signature === 'string' ? signature : undefined },
      flow,
      runtime,
      exchange,
    );
  }

  /** One promise a request: the answer, or the reason it has none, then the access line. */
  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    flow: LoadedFlow | undefined,
    exchange: HttpExchange,
  ): Promise<void> {
    let sealed: SealedAnswer | undefined;
    let failure: unknown;
    try {
      sealed = await answer(req, flow, exchange);
    } catch (err) {
      failure = err;
    }
    try {
      if (sealed) http.send(res, exchange, sealed.status, TEXT_TYPE, sealed.body);
      else http.sendError(res, toEndpointError(failure), exchange);
      http.finish(req, exchange, res.statusCode);
    } catch (err) {
      exchange.log.error({ err }, 'answer could not be written');
      res.destroy();
    }
  }

  return (req, res, exchange, flowName) => {
    const flow = flows.get(flowName);
    if (flow) exchange.fields.flow = flow.definition.name;
    void serve(req, res, flow, exchange);
  };
}
