import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { EndpointError, type ErrorKind } from '../errors/endpoint-error';
import type { ByteBudget } from '../http/byte-budget';
import { readBody } from '../http/read-body';
import { toEndpointError } from '../http/to-endpoint-error';
import { leaveBodyUnread } from '../http/unread-body';
import { exceedsDepth } from '../protocol/exceeds-depth';
import { parseJson } from '../protocol/parse-json';
import type { FlowDefinition } from '../flow-definition/define-flow';
import type { Store } from '../store/store';
import type { TokenPolicy } from '../tokens/token-policy';
import { toE164 } from '../tokens/e164';
import { admitDelivery, secretMatches, verifyDelivery } from './authenticate-delivery';
import { exceedsItemLimit, MAX_DELIVERY_ITEMS } from './exceeds-item-limit';
import { matchCompletion } from './match-completion';
import { readDelivery, type Delivery } from './read-delivery';
import { DEFAULT_MAX_BODY_BYTES } from './webhook-config';
import { createWebhookMetrics, type DeliveryResult } from './webhook-metrics';
import { createWebhookProcessor, type FlowEventHook } from './webhook-processor';
import { createWebhookRecords, type WebhookRecord } from './webhook-records';

export const WEBHOOK_PATH = '/webhooks/whatsapp';

/** Deeper than any webhook Meta or 360dialog sends; deeper bodies are refused before reading. */
const MAX_DEPTH = 32;
/** hub.challenge is echoed: only what Meta sends (digits), never markup. */
const CHALLENGE = /^[\w.-]{1,256}$/;

/** What the server configures; the rest comes from the app's own deps. */
export interface WebhookOptions {
  /** WEBHOOK_SECRET(s), newest first. */
  webhookSecrets?: readonly string[];
  /** WEBHOOK_VERIFY_TOKEN: without it the handshake is refused. */
  verifyToken?: string;
  maxBodyBytes?: number;
  /** Meta's Flow id → the local flow name, where known. */
  flowNameOf?: (flowId: string) => string | undefined;
  onFlowEvent?: FlowEventHook;
  retryDelaysMs?: readonly number[];
  /** Runs the hooks of records a previous process left unprocessed. */
  redriveAtStart?: boolean;
}

export interface WebhookDeps extends WebhookOptions {
  flows: readonly FlowDefinition[];
  store: Store;
  logger: Logger;
  registry: Registry;
  tokens: TokenPolicy;
  /** APP_SECRET(s), newest first. */
  appSecrets: readonly string[];
  production: boolean;
  /** Shared with every body read before its signature can be checked. */
  bodies: ByteBudget;
  now?: () => Date;
}

/** A header's value; a repeated one (an array) is not what any sender sends, so it is absent. */
function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const RESULT_OF_KIND: Partial<Record<ErrorKind, DeliveryResult>> = {
  unauthorized: 'unauthorized',
  payload_too_large: 'too_large',
  store_unavailable: 'store_unavailable',
  overloaded: 'overloaded',
};

/**
 * GET/POST /webhooks/whatsapp: Meta's handshake, and deliveries (completions, Flow alerts) that
 * are authenticated on their raw bytes and recorded in the store before the 200.
 */
export function createWebhookRouter(deps: WebhookDeps): Router {
  const { flows, store, logger, tokens } = deps;
  const now = deps.now ?? (() => new Date());
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const auth = {
    appSecrets: deps.appSecrets,
    webhookSecrets: deps.webhookSecrets ?? [],
    production: deps.production,
  };
  const records = createWebhookRecords(store);
  const metrics = createWebhookMetrics(deps.registry, () => records.latestEvents());
  const processor = createWebhookProcessor({
    flows,
    records,
    metrics,
    logger,
    onFlowEvent: deps.onFlowEvent,
    retryDelaysMs: deps.retryDelaysMs,
  });
  if (deps.redriveAtStart) {
    void processor.redrive().then(
      (count) => {
        if (count > 0) logger.info({ count }, 'running the hooks of unprocessed webhook records');
      },
      (err: unknown) => logger.error({ err }, 'could not read unprocessed webhook records'),
    );
  }

  async function toRecords(delivery: Delivery): Promise<WebhookRecord[]> {
    const receivedAt = now().toISOString();
    const completions = await Promise.all(
      delivery.completions.map(async (completion): Promise<WebhookRecord> => {
        const match = await matchCompletion(completion.responseJson, completion.contextId, {
          flows,
          store,
          tokens,
        });
        return {
          kind: 'completion',
          record: {
            id: completion.messageId,
            flow: match.flow,
            matchedBy: match.matchedBy,
            reason: match.reason,
            from: toE164(completion.from),
            subject: toE164(match.subject),
            params: match.params,
            receivedAt,
            ...(match.playground && { playground: true }),
          },
        };
      }),
    );
    const events = delivery.alerts.map(({ id, wabaId, alert }): WebhookRecord => ({
      kind: 'event',
      record: {
        id,
        flowId: alert.flow_id,
        flow: deps.flowNameOf?.(alert.flow_id),
        wabaId,
        alert,
        receivedAt,
      },
    }));
    return [...completions, ...events];
  }

  async function receive(
    req: Request,
  ): Promise<{ result: DeliveryResult; fresh: WebhookRecord[] }> {
    const signature = header(req, 'x-hub-signature-256');
    let admitted;
    try {
      admitted = admitDelivery({ signature, secret: header(req, 'x-webhook-secret') }, auth);
    } catch (err) {
      leaveBodyUnread(req);
      throw err;
    }
    // The signature covers the raw bytes, so the body is read as-is, never parsed first; until
    // it is checked, the body's bytes count against the budget all such bodies share.
    const trusted = admitted === 'authenticated';
    const rawBody = await readBody(req, limit, trusted ? undefined : deps.bodies);
    if (!trusted) verifyDelivery(rawBody, signature, auth);
    const json = parseJson(rawBody.toString('utf8'));
    // Counted first: it looks three levels deep only, where the depth check walks every value.
    if (json.ok && exceedsItemLimit(json.value)) {
      throw new EndpointError(
        'payload_too_large',
        `more than ${MAX_DELIVERY_ITEMS} entries, changes and messages in one delivery`,
      );
    }
    if (!json.ok || exceedsDepth(json.value, MAX_DEPTH)) {
      throw new EndpointError('bad_request', 'body is not JSON');
    }
    const delivery = readDelivery(json.value);
    metrics.items('completion', delivery.completions.length);
    metrics.items('alert', delivery.alerts.length);
    metrics.items('status', delivery.ignored.statuses);
    metrics.items('message', delivery.ignored.messages);
    metrics.items('other', delivery.ignored.other);

    const items = await toRecords(delivery);
    if (items.length === 0) return { result: 'ignored', fresh: [] };
    const recorded = await Promise.all(items.map((item) => records.record(item)));
    const fresh = items.filter((_item, index) => recorded[index]);
    return { result: fresh.length > 0 ? 'recorded' : 'duplicate', fresh };
  }

  const router = express.Router();

  // The app's HTTP kit writes the access line (path only: the handshake's query holds the verify
  // token) and turns a thrown EndpointError into its JSON answer.
  router.get(WEBHOOK_PATH, (req, res, next) => {
    const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = req.query;
    const ok =
      mode === 'subscribe' &&
      deps.verifyToken !== undefined &&
      typeof token === 'string' &&
      typeof challenge === 'string' &&
      CHALLENGE.test(challenge) &&
      secretMatches(token, [deps.verifyToken]);
    if (ok) res.status(200).type('text/plain').send(challenge);
    else next(new EndpointError('forbidden', 'verification refused'));
  });

  router.post(WEBHOOK_PATH, async (req, res, next) => {
    let fresh: WebhookRecord[] = [];
    try {
      const received = await receive(req);
      fresh = received.fresh;
      metrics.delivery(received.result);
      res.status(200).json({ received: true });
    } catch (err) {
      const error = toEndpointError(err);
      metrics.delivery(RESULT_OF_KIND[error.kind] ?? 'malformed');
      next(error);
    }
    for (const item of fresh) {
      if (item.kind === 'completion') metrics.completion(item.record.flow);
      processor.accept(item);
    }
  });

  return router;
}
