import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { EndpointError } from '../errors/endpoint-error';
import {
  handleFlowRequest,
  type EndpointKeys,
  type RequestLogFields,
} from '../protocol/handle-flow-request';
import type { LoadedFlow } from '../router/load-flow';
import type { FlowRuntime } from '../router/flow-runtime';
import { sendError } from './send-error';
import { toEndpointError } from './to-endpoint-error';

/** 1 MiB: far above any Flows request, low enough to refuse abuse before decryption. */
export const BODY_LIMIT = '1mb';

/** The Express side of POST /flows/:flow: find the flow, read raw bytes, run the request path. */
export function flowEndpoint(
  flows: ReadonlyMap<string, LoadedFlow>,
  keys: EndpointKeys,
  runtime: FlowRuntime,
): RequestHandler[] {
  const findFlow: RequestHandler = (req, res, next) => {
    const flow = flows.get(String(req.params.flow));
    if (!flow) return sendError(res, new EndpointError('not_found', 'no such flow'));
    res.locals.flow = flow;
    res.locals.logFields = { flow: flow.definition.name } satisfies RequestLogFields;
    next();
  };

  // The signature covers the raw bytes, so the body is read as-is, whatever it claims to be.
  const rawBody = express.raw({ type: () => true, limit: BODY_LIMIT });

  const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const answer = await handleFlowRequest(
        {
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          signature: req.get('x-hub-signature-256'),
        },
        res.locals.flow as LoadedFlow,
        keys,
        runtime,
        req.log,
        res.locals.logFields as RequestLogFields,
      );
      res.status(answer.status).type('text/plain').send(answer.body);
    } catch (err) {
      next(toEndpointError(err));
    }
  };

  return [findFlow, rawBody, handle];
}
