import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import getRawBody from 'raw-body';
import { EndpointError } from '../errors/endpoint-error';
import { lazyLogger } from '../logging/lazy-logger';
import { handleFlowRequest, type RequestLogFields } from '../protocol/handle-flow-request';
import type { FlowRuntime } from '../router/flow-runtime';
import type { LoadedFlow } from '../router/load-flow';
import { accessLog } from './log-access';
import { requestId } from './request-id';
import { toEndpointError } from './to-endpoint-error';

/** 1 MiB: far above any Flows request, low enough to refuse abuse before decryption. */
export const BODY_LIMIT = '1mb';

/** WhatsApp posts JSON; a missing content type is tolerated, any other type is not. */
const JSON_TYPE = /^application\/json\s*(;|$)/i;

export interface FlowRouteOptions {
  flows: ReadonlyMap<string, LoadedFlow>;
  runtime: FlowRuntime;
  logger: Logger;
  /** Sent with every answer (helmet's, worked out once). */
  headers: ReadonlyMap<string, string>;
}

export type FlowRoute = (req: IncomingMessage, res: ServerResponse, flowName: string) => void;

/**
 * POST /flows/:flow on node:http directly. Every request here costs an RSA decryption, and the
 * Express machinery around it (router, per-request middleware, response helpers) cost as much
 * again; nothing here needs it. The answer is Base64 text, or a short JSON reason on failure.
 */
export function flowRoute({ flows, runtime, logger, headers }: FlowRouteOptions): FlowRoute {
  const logAccess = accessLog(logger);
  const common = Object.fromEntries(headers);
  const textHeaders = { ...common, 'content-type': 'text/plain; charset=utf-8' };
  const jsonHeaders = { ...common, 'content-type': 'application/json; charset=utf-8' };

  async function answer(
    req: IncomingMessage,
    flow: LoadedFlow | undefined,
    reqId: string,
    logFields: RequestLogFields,
  ): Promise<{ status: number; body: string; json: boolean }> {
    if (!flow) throw new EndpointError('not_found', 'no such flow');
    const type = req.headers['content-type'];
    if (type !== undefined && !JSON_TYPE.test(type)) {
      throw new EndpointError('unsupported_media_type', 'body must be application/json');
    }
    // The signature covers the raw bytes, so the body is read as-is, never parsed first.
    const rawBody = await getRawBody(req, {
      length: req.headers['content-length'],
      limit: BODY_LIMIT,
    });
    const sealed = await handleFlowRequest(
      { rawBody, signature: req.headers['x-hub-signature-256'] as string | undefined },
      flow,
      runtime,
      lazyLogger(() => logger.child({ reqId })),
      logFields,
    );
    return { ...sealed, json: false };
  }

  return (req, res, flowName) => {
    const started = process.hrtime.bigint();
    const reqId = requestId(req.headers['x-request-id']);
    const flow = flows.get(flowName);
    const logFields: RequestLogFields = { flow: flow?.definition.name ?? flowName };

    void answer(req, flow, reqId, logFields)
      .catch((err: unknown) => {
        const error = toEndpointError(err);
        return { status: error.status, body: JSON.stringify(error.body), json: true, error };
      })
      .then((result) => {
        const error = 'error' in result ? result.error : undefined;
        res.writeHead(result.status, {
          ...(result.json ? jsonHeaders : textHeaders),
          'content-length': Buffer.byteLength(result.body),
          'x-request-id': reqId,
        });
        res.end(result.body);

        // Unknown flow names are not counted: they would let any caller grow the label set.
        if (flow) {
          runtime.observer.request({
            flow: logFields.flow,
            action: logFields.action,
            screen: logFields.screen,
            status: result.status,
            seconds: Number(process.hrtime.bigint() - started) / 1e9,
            reason: error?.message,
          });
        }
        logAccess({
          reqId,
          method: req.method,
          url: req.url,
          status: result.status,
          started,
          fields: flow && logFields,
          reason: error?.message,
          err: error && error.status >= 500 ? error.cause : undefined,
        });
      })
      .catch((err: unknown) => {
        logger.error({ err, reqId }, 'answer could not be written');
        res.destroy();
      });
  };
}
