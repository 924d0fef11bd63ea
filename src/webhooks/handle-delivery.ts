import { EndpointError, type ErrorKind } from '../errors/endpoint-error';
import { toEndpointError } from '../http/to-endpoint-error';
import { exceedsDepth } from '../protocol/exceeds-depth';
import { parseJson } from '../protocol/parse-json';
import type { FlowDefinition } from '../flow-definition/define-flow';
import type { Store } from '../store/store';
import type { TokenPolicy } from '../tokens/token-policy';
import { toE164 } from '../tokens/e164';
import { admitDelivery, verifyDelivery, type DeliveryAuth } from './authenticate-delivery';
import type { DeliveryLane, LaneOf } from './delivery-lane';
import { exceedsItemLimit, MAX_DELIVERY_ITEMS } from './exceeds-item-limit';
import { matchCompletion, unassignedMatch } from './match-completion';
import { readDelivery, type ChangeAccount, type Delivery } from './read-delivery';
import type { DeliveryResult, WebhookMetrics } from './webhook-metrics';
import type { WebhookRecord, WebhookRecords } from './webhook-records';

/** Deeper than any webhook Meta or 360dialog sends; deeper bodies are refused. */
const MAX_DEPTH = 32;

/** The raw bytes of a delivery, exactly as sent, and the headers that authenticate them. */
export interface DeliveryInput {
  rawBody: Buffer;
  headers: { signature: string | undefined; secret: string | undefined };
}

export interface DeliveryDeps {
  auth: DeliveryAuth;
  flows: readonly FlowDefinition[];
  store: Store;
  tokens: TokenPolicy;
  records: WebhookRecords;
  metrics: WebhookMetrics;
  now: () => Date;
  flowNameOf?: (flowId: string) => string | undefined;
  /** Partner mode: the lane of each change; every change is the default tenant's without it. */
  laneOf?: LaneOf;
}

/** A newly stored item; `lane` names a tenant's or the unassigned records, never the default's. */
export type RecordedItem = WebhookRecord & { lane?: DeliveryLane };

/** The answer to a delivery; `records` are the newly stored ones, whose hooks are still to run. */
export interface DeliveryOutcome {
  status: number;
  result: DeliveryResult;
  records: RecordedItem[];
  error?: EndpointError;
}

const RESULT_OF_KIND: Partial<Record<ErrorKind, DeliveryResult>> = {
  unauthorized: 'unauthorized',
  payload_too_large: 'too_large',
  store_unavailable: 'store_unavailable',
  overloaded: 'overloaded',
};

/** A delivery refused, whether by its headers, its reading or its content. */
export function refusedDelivery(err: unknown): DeliveryOutcome {
  const error = toEndpointError(err);
  return {
    status: error.status,
    result: RESULT_OF_KIND[error.kind] ?? 'malformed',
    records: [],
    error,
  };
}

/**
 * One webhook delivery, from its raw bytes to what is stored and answered: authenticated on the
 * bytes, parsed within its limits, and its completions and Flow alerts recorded before the 200.
 */
export async function handleDelivery(
  input: DeliveryInput,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  try {
    authenticate(input, deps.auth);
    const delivery = readDelivery(parseBody(input.rawBody));
    countItems(delivery, deps.metrics);
    const fresh = await recordNew(await toRecords(delivery, deps));
    return { status: 200, result: resultOf(fresh), records: fresh ?? [] };
  } catch (err) {
    return refusedDelivery(err);
  }
}

/** The headers are checked again here so the step stands alone; the transport may check earlier. */
function authenticate({ rawBody, headers }: DeliveryInput, auth: DeliveryAuth): void {
  if (admitDelivery(headers, auth) === 'unverified') {
    verifyDelivery(rawBody, headers.signature, auth);
  }
}

function parseBody(rawBody: Buffer): unknown {
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
  return json.value;
}

function countItems(delivery: Delivery, metrics: WebhookMetrics): void {
  metrics.items('completion', delivery.completions.length);
  metrics.items('alert', delivery.alerts.length);
  metrics.items('status', delivery.ignored.statuses);
  metrics.items('message', delivery.ignored.messages);
  metrics.items('other', delivery.ignored.other);
}

interface LaneItem {
  item: WebhookRecord;
  lane: DeliveryLane;
}

async function toRecords(delivery: Delivery, deps: DeliveryDeps): Promise<LaneItem[]> {
  const receivedAt = deps.now().toISOString();
  const defaultLane: DeliveryLane = { flows: deps.flows, store: deps.store, records: deps.records };
  const laneOf = (account: ChangeAccount) => deps.laneOf?.(account) ?? defaultLane;
  const completions = await Promise.all(
    delivery.completions.map(async (completion): Promise<LaneItem> => {
      const lane = await laneOf(completion.account);
      // A change no tenant claimed is matched to no flow: whose flows and tokens would it be?
      const match =
        lane.unassigned === undefined
          ? await matchCompletion(completion.responseJson, completion.contextId, {
              flows: lane.flows,
              store: lane.store,
              tokens: deps.tokens,
              tenant: lane.tenant,
            })
          : unassignedMatch(completion.responseJson, lane.unassigned);
      const item: WebhookRecord = {
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
      return { item, lane };
    }),
  );
  const events = await Promise.all(
    delivery.alerts.map(async ({ id, wabaId, alert, account }): Promise<LaneItem> => {
      const lane = await laneOf(account);
      const item: WebhookRecord = {
        kind: 'event',
        record: {
          id,
          ...(lane.tenant !== undefined && { tenant: lane.tenant }),
          flowId: alert.flow_id,
          flow: deps.flowNameOf?.(alert.flow_id),
          wabaId,
          alert,
          receivedAt,
          ...(lane.unassigned !== undefined && { reason: lane.unassigned }),
        },
      };
      return { item, lane };
    }),
  );
  return [...completions, ...events];
}

/** The items not stored before (a redelivery stores nothing); undefined when there were none. */
async function recordNew(items: LaneItem[]): Promise<RecordedItem[] | undefined> {
  if (items.length === 0) return undefined;
  const recorded = await Promise.all(items.map(({ item, lane }) => lane.records.record(item)));
  return items
    .filter((_item, index) => recorded[index])
    .map(({ item, lane }) =>
      lane.tenant === undefined && lane.unassigned === undefined ? item : { ...item, lane },
    );
}

function resultOf(fresh: WebhookRecord[] | undefined): DeliveryResult {
  if (fresh === undefined) return 'ignored';
  return fresh.length > 0 ? 'recorded' : 'duplicate';
}
