import type { NextFunction, Request, RequestHandler, Response } from 'express';
import getRawBody from 'raw-body';
import { EndpointError } from '../errors/endpoint-error';
import { handleFlowRequest, type RequestLogFields } from '../protocol/handle-flow-request';
import type { FlowRuntime } from '../router/flow-runtime';
import type { LoadedFlow } from '../router/load-flow';
import { sendError } from './send-error';
import { toEndpointError } from './to-endpoint-error';

/** 1 MiB: far above any Flows request, low enough to refuse abuse before decryption. */
export const BODY_LIMIT = '1mb';

/** WhatsApp posts JSON; a missing content type is tolerated, any other type is not. */
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The Express side of POST /flows/:flow: find the flow, read raw bytes, run the request path. */
export function flowEndpoint(
  flows: ReadonlyMap<string, LoadedFlow>,
  runtime: FlowRuntime,
): RequestHandler[] {
  const findFlow: RequestHandler = (req, res, next) => {
    const flow = flows.get(String(req.params.flow));
    if (!flow) return sendError(res, new EndpointError('not_found', 'no such flow'));
    const logFields: RequestLogFields = { flow: flow.definition.name };
    res.locals.flow = flow;
    res.locals.logFields = logFields;

    const started = process.hrtime.bigint();
    res.once('finish', () => {
      runtime.observer.request({
        flow: logFields.flow,
        action: logFields.action,
        screen: logFields.screen,
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });

    const type = req.headers['content-type'];
    if (type !== undefined && !JSON_TYPE.test(type)) {
      return sendError(
        res,
        new EndpointError('unsupported_media_type', 'body must be application/json'),
      );
    }
    next();
  };

  const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      // The signature covers the raw bytes, so the body is read as-is, never parsed first.
      const rawBody = await getRawBody(req, {
        length: req.headers['content-length'],
        limit: BODY_LIMIT,
      });
      const answer = await handleFlowRequest(
        { rawBody, signature: req.get('x-hub-signature-256') },
        res.locals.flow as LoadedFlow,
        runtime,
        req.log,
        res.locals.logFields as RequestLogFields,
      );
      // Written directly: the body is Base64 text, nothing for Express to negotiate or ETag.
      res.writeHead(answer.status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(answer.body),
      });
      res.end(answer.body);
    } catch (err) {
      next(toEndpointError(err));
    }
  };

  return [findFlow, handle];
}
