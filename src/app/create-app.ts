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
import { loadFlow, type LoadedFlow } from '../router/load-flow';
import type { ValidationMode } from '../router/validation-mode';
import type { Store } from '../store/store';
import { DEFAULT_TOKEN_TTL_SECONDS } from '../tokens/issue-flow-token';
import type { TokenPolicy } from '../tokens/token-policy';

export interface AppDeps {
  flows: readonly FlowDefinition[];
  keys: EndpointKeys;
  logger: Logger;
  /** Sessions, token state and the flows' own records. */
  store: Store;
  tokens: TokenPolicy;
  /** How answers are held to each flow's flow.json; strict unless told otherwise. */
  validation?: ValidationMode;
  sessionTtlSeconds?: number;
  now?: () => Date;
}

/** Counts kept by the app; exposed on `app.locals.counters`. */
export interface AppCounters {
  invalidAnswers: number;
}

/** Builds the HTTP app; it never listens, so tests drive it through supertest. */
export function createApp({
  flows,
  keys,
  logger,
  store,
  tokens,
  validation = 'strict',
  sessionTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS,
  now = () => new Date(),
}: AppDeps): Express {
  const byName = new Map<string, LoadedFlow>();
  for (const flow of flows) {
    if (byName.has(flow.name)) throw new Error(`flow "${flow.name}" is registered twice`);
    byName.set(flow.name, loadFlow(flow));
  }
  const counters: AppCounters = { invalidAnswers: 0 };

  const app = express();
  app.disable('x-powered-by');
  app.locals.counters = counters;
  app.use(helmet());
  app.use(createHttpLogger(logger));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post(
    '/flows/:flow',
    ...flowEndpoint(byName, keys, {
      validation: {
        mode: validation,
        onInvalidAnswer: () => {
          counters.invalidAnswers += 1;
        },
      },
      store,
      tokens,
      appSecrets: keys.appSecrets,
      sessionTtlSeconds,
      now,
    }),
  );

  app.use((_req, res) => sendError(res, new EndpointError('not_found', 'not found')));
  app.use(errorMiddleware);
  return app;
}
