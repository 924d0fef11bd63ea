import type { IdentifiedKey } from '../crypto/decrypt-request';

/** A tenant's id: lower-case letters, digits and dashes, as it appears in its URLs. */
export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The tenant of a single-business deployment: configured from the environment alone, served at
 * today's URLs (`/flows/<name>`, `/webhooks/whatsapp`), its data kept under today's keys. The id
 * is reserved: no stored tenant may take it.
 */
export const DEFAULT_TENANT_ID = 'default';

export type Provider = '360dialog' | 'cloud';

/** One business, as every part of the server sees it: never its secrets. */
export interface Tenant {
  id: string;
  name: string;
  provider: Provider;
  /** Meta's WhatsApp Business Account id: webhooks' `entry[].id`. */
  wabaId: string | undefined;
  /** Meta's phone number ids: webhooks' `metadata.phone_number_id`. */
  phoneNumberIds: readonly string[];
  /** 360dialog's id of the WABA account, for Partner API paths. */
  d360WabaAccountId: string | undefined;
  /** The flows it uses: a flow not listed is 404 at its URLs. */
  flows: readonly string[];
  /** Per flow, raw: each flow parses its own with the zod schema it declares. */
  settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** `off` only when the Meta app's secret is not held: see "Serving many businesses". */
  requestSignatures: 'on' | 'off';
  /** True when it decrypts with the deployment's key instead of a key pair of its own. */
  sharedKey: boolean;
  /** Bumped by every change. */
  revision: number;
  updatedAt: string;
}

/** A tenant's secrets, decrypted: held in memory only as long as a request or command needs them. */
export interface TenantSecrets {
  /** 360dialog channel (Messaging API) key. */
  d360ApiKey?: string;
  /** Cloud API system user token. */
  accessToken?: string;
  /** The Meta app's secrets: request signatures and `flow_token_signature`. */
  appSecrets?: readonly string[];
  /** `/t/<id>/webhooks/whatsapp` asks for this in `X-Webhook-Secret`. */
  webhookSecret?: string;
}

/** What the flow route needs to answer a tenant's request. */
export interface TenantCredentials {
  tenant: Tenant;
  /** Newest first; the deployment's own when `sharedKey`. */
  privateKeys: readonly IdentifiedKey[];
  /** Empty when the tenant has none: the deployment's apply then, unless signatures are off. */
  appSecrets: readonly string[];
  webhookSecret: string | undefined;
}
