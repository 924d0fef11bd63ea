import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { EndpointError } from '../errors/endpoint-error';
import type { ByteBudget } from '../http/byte-budget';
import { readBody } from '../http/read-body';
import { leaveBodyUnread } from '../http/unread-body';
import type { FlowDefinition } from '../flow-definition/define-flow';
import type { Store } from '../store/store';
import { TENANT_ID } from '../tenants/tenant';
import type { TenantDirectory } from '../tenants/tenant-directory';
import type { TokenPolicy } from '../tokens/token-policy';
import { admitDelivery, admitTenantDelivery, secretMatches } from './authenticate-delivery';
import type { DeliveryLane } from './delivery-lane';
import {
  handleDelivery,
  refusedDelivery,
  type DeliveryDeps,
  type DeliveryOutcome,
  type RecordedItem,
} from './handle-delivery';
import { createTenantLanes, type DefaultAccount } from './tenant-lanes';
import { DEFAULT_MAX_BODY_BYTES } from './webhook-config';
import { createWebhookMetrics } from './webhook-metrics';
import {
  createWebhookProcessor,
  type FlowEventHook,
  type WebhookProcessor,
} from './webhook-processor';
import { createWebhookRecords, type FlowEventRecord } from './webhook-records';

export const WEBHOOK_PATH = '/webhooks/whatsapp';
/** A stored tenant's 360dialog channel delivers here, with the tenant's own webhookSecret. */
export const TENANT_WEBHOOK_PATH = '/t/:tenant/webhooks/whatsapp';
/** A stored tenant's channel webhook URL's path. */
export const tenantWebhookPath = (tenant: string) => `/t/${tenant}/webhooks/whatsapp`;

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
  /**
   * Partner mode: the default tenant's own WABA and phone numbers (WABA_ID, PHONE_NUMBER_ID). A
   * change on the shared route naming another account goes to the tenant owning it.
   */
  defaultAccount?: DefaultAccount;
}

export interface WebhookDeps extends WebhookOptions {
  flows: readonly FlowDefinition[];
  /** The flow as served now, when its flow.json can be reloaded while running (development). */
  current?: (name: string) => FlowDefinition | undefined;
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
  /** Partner mode: the businesses whose changes are assigned by their WABA or phone number. */
  tenants?: TenantDirectory;
}

/** A header's value; a repeated one (an array) is not what any sender sends, so it is absent. */
function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

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
  const directory = deps.tenants;
  const defaultLane: DeliveryLane = { flows, store, records };
  const lanes = createTenantLanes({
    directory,
    defaultLane,
    defaultAccount: deps.defaultAccount ?? { wabaIds: [], phoneNumberIds: [] },
    flows,
    store,
  });
  /** The default tenant's lane and every stored tenant's: what the gauges and the redrive cover. */
  const everyLane = async (): Promise<DeliveryLane[]> => [
    defaultLane,
    ...(directory ? (await directory.list()).map(lanes.tenantLane) : []),
  ];
  const metrics = createWebhookMetrics(deps.registry, () => latestEventsOf(everyLane));
  const processorOf = (lane: DeliveryLane): WebhookProcessor =>
    createWebhookProcessor({
      flows: lane.flows,
      current: deps.current,
      records: lane.records,
      metrics,
      logger,
      onFlowEvent: deps.onFlowEvent,
      retryDelaysMs: deps.retryDelaysMs,
      ...(lane.tenant !== undefined && { tenant: lane.tenant }),
    });
  const processor = processorOf(defaultLane);
  if (deps.redriveAtStart) redriveAtStart(everyLane, processorOf, logger);
  const deliveryDeps: DeliveryDeps = {
    auth,
    flows,
    store,
    tokens,
    records,
    metrics,
    now,
    flowNameOf: deps.flowNameOf,
    ...(directory && { laneOf: lanes.laneOf }),
  };

  /** A tenant's records get the hooks of its flows; what no tenant claimed is only kept. */
  function accept(item: RecordedItem): void {
    const { lane, ...recorded } = item;
    if (lane === undefined) return processor.accept(recorded);
    if (lane.unassigned !== undefined) return keptUnassigned(recorded.kind, lane, logger);
    processorOf(lane).accept(recorded);
  }

  /** Refused on its headers before any byte is read; otherwise read, then handled as bytes. */
  async function receive(req: Request): Promise<DeliveryOutcome> {
    const headers = {
      signature: header(req, 'x-hub-signature-256'),
      secret: header(req, 'x-webhook-secret'),
    };
    let admitted;
    try {
      admitted = admitDelivery(headers, auth);
    } catch (err) {
      leaveBodyUnread(req);
      return refusedDelivery(err);
    }
    // The signature covers the raw bytes, so the body is read as-is, never parsed first; until
    // it is checked, the body's bytes count against the budget all such bodies share.
    let rawBody;
    try {
      rawBody = await readBody(req, limit, admitted === 'authenticated' ? undefined : deps.bodies);
    } catch (err) {
      return refusedDelivery(err);
    }
    return handleDelivery({ rawBody, headers }, deliveryDeps);
  }

  /**
   * A stored tenant's channel: unknown tenants are 404 and a missing or wrong X-Webhook-Secret
   * 401, both before any byte is read; every change it holds is that tenant's.
   */
  async function receiveForTenant(req: Request, id: string): Promise<DeliveryOutcome> {
    const credentials = TENANT_ID.test(id) ? await directory?.credentials(id) : undefined;
    const secret = header(req, 'x-webhook-secret');
    try {
      if (!credentials) throw new EndpointError('not_found', 'not found');
      admitTenantDelivery(secret, credentials.webhookSecret);
    } catch (err) {
      leaveBodyUnread(req);
      return refusedDelivery(err);
    }
    let rawBody;
    try {
      rawBody = await readBody(req, limit);
    } catch (err) {
      return refusedDelivery(err);
    }
    const lane = lanes.tenantLane(credentials.tenant);
    return handleDelivery(
      { rawBody, headers: { signature: undefined, secret } },
      {
        ...deliveryDeps,
        auth: {
          appSecrets: [],
          webhookSecrets:
            credentials.webhookSecret === undefined ? [] : [credentials.webhookSecret],
          production: true,
        },
        laneOf: () => Promise.resolve(lane),
      },
    );
  }

  const router = express.Router();

  // The app's HTTP kit writes the access line (path only: the handshake's query holds the verify
  // token) and turns a thrown EndpointError into its JSON answer.
  router.get(WEBHOOK_PATH, (req, res, next) => {
    const challenge = handshakeChallenge(req.query, deps.verifyToken);
    if (challenge !== undefined) res.status(200).type('text/plain').send(challenge);
    else next(new EndpointError('forbidden', 'verification refused'));
  });

  const answer = (outcome: DeliveryOutcome, res: express.Response, next: express.NextFunction) => {
    metrics.delivery(outcome.result);
    if (outcome.error) next(outcome.error);
    else res.status(outcome.status).json({ received: true });
    for (const item of outcome.records) {
      if (item.kind === 'completion') metrics.completion(item.record.flow);
      accept(item);
    }
  };

  router.post(WEBHOOK_PATH, async (req, res, next) => {
    answer(await receive(req), res, next);
  });

  if (directory) {
    router.post(TENANT_WEBHOOK_PATH, async (req, res, next) => {
      answer(await receiveForTenant(req, String(req.params.tenant)), res, next);
    });
  }

  return router;
}

/** Meta's handshake: the challenge to echo when the verify token matches, otherwise nothing. */
function handshakeChallenge(query: Request['query'], verifyToken: string | undefined) {
  const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = query;
  const ok =
    mode === 'subscribe' &&
    verifyToken !== undefined &&
    typeof token === 'string' &&
    typeof challenge === 'string' &&
    CHALLENGE.test(challenge) &&
    secretMatches(token, [verifyToken]);
  return ok ? challenge : undefined;
}

/** Never the answers, the numbers or the ids of the change: the reason is enough to look. */
function keptUnassigned(kind: string, lane: DeliveryLane, logger: Logger): void {
  logger.warn({ kind, reason: lane.unassigned }, 'webhook change kept unassigned: no tenant');
}

/**
 * The newest event per Flow and event type of every lane, each named by its lane's tenant (records
 * kept before events carried it are named so too).
 */
async function latestEventsOf(
  everyLane: () => Promise<DeliveryLane[]>,
): Promise<FlowEventRecord[]> {
  const found = await Promise.all(
    (await everyLane()).map(async ({ tenant, records }) =>
      (await records.latestEvents()).map((event) =>
        tenant === undefined ? event : { ...event, tenant },
      ),
    ),
  );
  return found.flat();
}

/**
 * Runs the hooks of records a previous process left unprocessed, in the background: the default
 * tenant's and every stored tenant's, each with its own flows' hooks.
 */
function redriveAtStart(
  everyLane: () => Promise<DeliveryLane[]>,
  processorOf: (lane: DeliveryLane) => WebhookProcessor,
  logger: Logger,
): void {
  const redrive = async (lane: DeliveryLane) => {
    const log = lane.tenant === undefined ? logger : logger.child({ tenant: lane.tenant });
    try {
      const count = await processorOf(lane).redrive();
      if (count > 0) log.info({ count }, 'running the hooks of unprocessed webhook records');
    } catch (err) {
      log.error({ err }, 'could not read unprocessed webhook records');
    }
  };
  // One lane after another: a start with many tenants does not flood the store.
  void everyLane().then(
    async (lanes) => {
      for (const lane of lanes) await redrive(lane);
    },
    (err: unknown) =>
      logger.error({ err }, 'could not list the tenants to run their webhook hooks'),
  );
}
