import type { TenantConfigInput } from './tenant-config';
import type { Tenant, TenantCredentials, TenantSecrets } from './tenant';

/**
 * The tenants of a deployment, kept in the store (encrypted where secret) and cached per process.
 * Reads are cheap after the first; a change made on any replica is seen by every replica within
 * 5 s. Unknown and removed tenants read as undefined.
 */
export interface TenantDirectory {
  find(id: string): Promise<Tenant | undefined>;
  /** Keys and secrets for serving the tenant's requests and webhooks. */
  credentials(id: string): Promise<TenantCredentials | undefined>;
  /** Decrypted secrets, for commands calling the provider's API on the tenant's behalf. */
  secrets(id: string): Promise<TenantSecrets | undefined>;
  /** Which tenant owns a WABA id (`entry[].id`) or a phone number id. */
  byWabaId(wabaId: string): Promise<string | undefined>;
  byPhoneNumberId(phoneNumberId: string): Promise<string | undefined>;
  list(): Promise<Tenant[]>;
  /** Adds or updates (`config` is parsed here); a new tenant gets its own key pair unless `sharedKey`. */
  put(id: string, config: TenantConfigInput): Promise<{ tenant: Tenant; created: boolean }>;
  /** False when there was none. Its data is erased only when asked. */
  remove(id: string, options?: { erase?: boolean }): Promise<boolean>;
  /** PEM (SPKI) of the newest key: what is uploaded to WhatsApp. */
  publicKey(id: string): Promise<string | undefined>;
  /** Stops watching for other replicas' changes. */
  close(): void;
}
