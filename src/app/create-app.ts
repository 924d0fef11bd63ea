import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { EndpointError } from '../errors/endpoint-error';
import { createHttpLogger } from '../http/create-http-logger';
import { errorMiddleware } from '../http/error-middleware';
import { flowEndpoint } from '../http/flow-endpoint';
import { sendError } from '../http/send-error';
import type { EndpointKeys } from '../protocol/handle-flow-request';
import type { FlowDefinition } from '../router/define-flow';

export interface AppDeps {
  flows: readonly FlowDefinition[];
  keys: EndpointKeys;
  logger: Logger;
}

/** Builds the HTTP app; it never listens, so tests drive it through supertest. */
export function createApp({ flows, keys, logger }: AppDeps): Express {
  const byName = new Map<string, FlowDefinition>();
  for (const flow of flows) {
    if (byName.has(flow.name)) throw new Error(`flow "${flow.name}" is registered twice`);
    byName.set(flow.name, flow);
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(createHttpLogger(logger));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post('/flows/:flow', ...flowEndpoint(byName, keys));

  app.use((_req, res) => sendError(res, new EndpointError('not_found', 'not found')));
  app.use(errorMiddleware);
  return app;
}
