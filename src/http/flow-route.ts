import type { IncomingMessage, ServerResponse } from 'node:http';
import { EndpointError } from '../errors/endpoint-error';
import { TENANT_ID } from '../tenants/tenant';
import { handleFlowRequest, type SealedAnswer } from '../router/handle-flow-request';
import type { FlowRuntime } from '../router/flow-runtime';
import type { LoadedFlow } from '../router/load-flow';
import type { TenantRuntimes } from '../router/tenant-runtimes';
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
  /** The default tenant's. */
  runtime: FlowRuntime;
  /** Partner mode: each stored tenant's runtime, at `/t/<tenant>/flows/<name>`. */
  tenants?: TenantRuntimes;
  http: HttpKit;
  /** Shared with every body read before its signature can be checked. */
  bodies: ByteBudget;
}

export type FlowRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  exchange: HttpExchange,
  flowName: string,
  /** A stored tenant's id, from `/t/<tenant>/…`; undefined at the default tenant's URLs. */
  tenantId?: string,
) => void;

/**
 * POST /flows/<name>, on node:http directly: the one deliberate exception to "everything is
 * Express". Every request here costs an RSA decryption, and Express's routing and response
 * machinery cost as much again (`npm run bench` measures both); nothing here needs them. It shares
 * every HTTP concern with Express through the HttpKit. The answer is Base64 text, or a short
 * JSON reason on failure.
 */
export function flowRoute({ flows, runtime, tenants, http, bodies }: FlowRouteOptions): FlowRoute {
  async function answer(
    req: IncomingMessage,
    flow: LoadedFlow | undefined,
    exchange: HttpExchange,
    tenantId: string | undefined,
  ): Promise<SealedAnswer> {
    if (!flow) throw new EndpointError('not_found', 'no such flow');
    // The tenant is known before the body is read: an unknown one costs no read.
    const served =
      tenantId === undefined ? runtime : await tenantRuntime(tenantId, flow.definition.name);
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
      served,
      exchange,
    );
  }

  async function tenantRuntime(tenantId: string, flow: string): Promise<FlowRuntime> {
    if (!tenants || !TENANT_ID.test(tenantId)) throw new EndpointError('not_found', 'no such flow');
    return await tenants.resolve(tenantId, flow);
  }

  /** One promise a request: the answer, or the reason it has none, then the access line. */
  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    flow: LoadedFlow | undefined,
    exchange: HttpExchange,
    tenantId: string | undefined,
  ): Promise<void> {
    let sealed: SealedAnswer | undefined;
    let failure: unknown;
    try {
      sealed = await answer(req, flow, exchange, tenantId);
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

  return (req, res, exchange, flowName, tenantId) => {
    const flow = flows.get(flowName);
    if (flow) exchange.fields.flow = flow.definition.name;
    if (tenantId !== undefined) exchange.fields.tenant = tenantId;
    void serve(req, res, flow, exchange, tenantId);
  };
}
