import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { requireBearer } from './require-bearer';

/** GET /metrics in Prometheus text format; behind a bearer token when METRICS_TOKEN is set. */
export function metricsEndpoint(registry: Registry, token: string | undefined): RequestHandler[] {
  const serve: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };
  return token === undefined ? [serve] : [requireBearer(token, 'metrics'), serve];
}
