import { createHash } from 'node:crypto';
import {
  changeSchema,
  deliverySchema,
  entrySchema,
  messageSchema,
  messagesValueSchema,
} from './delivery-schema';
import { flowAlertSchema, type FlowAlert } from './flow-alert';

/**
 * The account a change came from, as far as it says: the WABA (`entry[].id`) and the phone number
 * (`value.metadata.phone_number_id`). Both absent in 360dialog's top-level form.
 */
export interface ChangeAccount {
  wabaId?: string;
  phoneNumberId?: string;
}

/** A Flow reply (`nfm_reply`) as delivered, before it is matched to a flow. */
export interface IncomingCompletion {
  messageId: string;
  from: string | undefined;
  /** The id of the Flow message this replies to. */
  contextId: string | undefined;
  responseJson: string;
  account: ChangeAccount;
}

export interface IncomingAlert {
  /** Meta sends no id: a hash of the notification, so that a redelivery is the same event. */
  id: string;
  wabaId: string | undefined;
  alert: FlowAlert;
  account: ChangeAccount;
}

/** What a delivery holds that this project does not use: counted, never stored. */
export interface Ignored {
  statuses: number;
  messages: number;
  other: number;
}

export interface Delivery {
  completions: IncomingCompletion[];
  alerts: IncomingAlert[];
  ignored: Ignored;
}

/** Splits a parsed delivery into completions, alerts and what is ignored; never throws. */
export function readDelivery(body: unknown): Delivery {
  const delivery: Delivery = {
    completions: [],
    alerts: [],
    ignored: { statuses: 0, messages: 0, other: 0 },
  };
  const parsed = deliverySchema.safeParse(body);
  if (!parsed.success) {
    delivery.ignored.other += 1;
    return delivery;
  }
  const { entry, messages, statuses } = parsed.data;
  readMessages(messages, statuses, {}, delivery);
  for (const item of entry ?? []) {
    const entryParsed = entrySchema.safeParse(item);
    if (!entryParsed.success) {
      delivery.ignored.other += 1;
      continue;
    }
    const { id, time, changes } = entryParsed.data;
    const wabaId = id === undefined ? undefined : String(id);
    for (const change of changes ?? []) readChange(change, wabaId, time, delivery);
  }
  if (entry === undefined && messages === undefined && statuses === undefined) {
    delivery.ignored.other += 1;
  }
  return delivery;
}

function readChange(
  change: unknown,
  wabaId: string | undefined,
  time: number | undefined,
  delivery: Delivery,
): void {
  const parsed = changeSchema.safeParse(change);
  if (parsed.success && parsed.data.field === 'messages') {
    const value = messagesValueSchema.safeParse(parsed.data.value);
    if (value.success) {
      const phoneNumberId = value.data.metadata?.phone_number_id;
      const account = {
        ...(wabaId !== undefined && { wabaId }),
        ...(phoneNumberId !== undefined && { phoneNumberId: String(phoneNumberId) }),
      };
      readMessages(value.data.messages, value.data.statuses, account, delivery);
      return;
    }
  }
  if (parsed.success && parsed.data.field === 'flows') {
    const alert = flowAlertSchema.safeParse(parsed.data.value);
    if (alert.success) {
      const id = createHash('sha256')
        .update(JSON.stringify([wabaId ?? null, time ?? null, parsed.data.value]))
        .digest('base64url');
      const account = wabaId === undefined ? {} : { wabaId };
      delivery.alerts.push({ id, wabaId, alert: alert.data, account });
      return;
    }
  }
  delivery.ignored.other += 1;
}

function readMessages(
  messages: unknown[] | undefined,
  statuses: unknown[] | undefined,
  account: ChangeAccount,
  delivery: Delivery,
): void {
  delivery.ignored.statuses += statuses?.length ?? 0;
  for (const item of messages ?? []) {
    const message = messageSchema.safeParse(item);
    const reply = message.success ? message.data.interactive?.nfm_reply : undefined;
    if (!message.success || message.data.interactive?.type !== 'nfm_reply' || !reply) {
      delivery.ignored.messages += 1;
      continue;
    }
    delivery.completions.push({
      messageId: message.data.id,
      from: message.data.from,
      contextId: message.data.context?.id,
      responseJson: reply.response_json,
      account,
    });
  }
}
