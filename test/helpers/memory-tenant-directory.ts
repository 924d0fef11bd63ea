import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { IdentifiedKey } from '../../src/crypto/decrypt-request';
import { keyFingerprint } from '../../src/crypto/key-fingerprint';
import type { Tenant, TenantCredentials, TenantSecrets } from '../../src/tenants/tenant';
import { tenantConfigSchema, type TenantConfigInput } from '../../src/tenants/tenant-config';
import type { TenantDirectory } from '../../src/tenants/tenant-directory';

interface Entry {
  tenant: Tenant;
  secrets: TenantSecrets;
  keys: IdentifiedKey[];
}

export interface MemoryTenantDirectory extends TenantDirectory {
  /** Adds a key in front (rotation): the tenant then decrypts with both. */
  addKey(id: string, key: KeyObject): void;
}

/**
 * The directory's contract in memory, for tests of what stands on it (routing, webhooks, admin,
 * commands): no store, no encryption at rest. `sharedKeys` are what `sharedKey: true` decrypts with.
 */
export function createMemoryTenantDirectory(
  options: { sharedKeys?: readonly IdentifiedKey[]; keyFor?: (id: string) => KeyObject } = {},
): MemoryTenantDirectory {
  const entries = new Map<string, Entry>();
  const identify = (key: KeyObject): IdentifiedKey => ({
    id: keyFingerprint(createPublicKey(key)),
    key,
  });
  const newKey = (id: string): KeyObject =>
    options.keyFor?.(id) ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  const directory: MemoryTenantDirectory = {
    async find(id) {
      return entries.get(id)?.tenant;
    },
    async credentials(id): Promise<TenantCredentials | undefined> {
      const entry = entries.get(id);
      if (!entry) return undefined;
      return {
        tenant: entry.tenant,
        privateKeys: entry.tenant.sharedKey ? (options.sharedKeys ?? []) : entry.keys,
        appSecrets: entry.secrets.appSecrets ?? [],
        webhookSecret: entry.secrets.webhookSecret,
      };
    },
    async secrets(id) {
      return entries.get(id)?.secrets;
    },
    async byWabaId(wabaId) {
      return [...entries.values()].find((e) => e.tenant.wabaId === wabaId)?.tenant.id;
    },
    async byPhoneNumberId(phoneNumberId) {
      return [...entries.values()].find((e) => e.tenant.phoneNumberIds.includes(phoneNumberId))
        ?.tenant.id;
    },
    async list() {
      return [...entries.values()].map((e) => e.tenant).sort((a, b) => a.id.localeCompare(b.id));
    },
    async put(id, input: TenantConfigInput) {
      const config = tenantConfigSchema.parse(input);
      const before = entries.get(id);
      const { secrets, ...rest } = config;
      const tenant: Tenant = {
        id,
        name: rest.name,
        provider: rest.provider,
        wabaId: rest.wabaId,
        phoneNumberIds: rest.phoneNumberIds,
        d360WabaAccountId: rest.d360WabaAccountId,
        flows: rest.flows,
        settings: rest.settings,
        requestSignatures: rest.requestSignatures,
        sharedKey: rest.sharedKey,
        revision: (before?.tenant.revision ?? 0) + 1,
        updatedAt: new Date().toISOString(),
      };
      const keys = before?.keys ?? (config.sharedKey ? [] : [identify(newKey(id))]);
      entries.set(id, { tenant, secrets: { ...before?.secrets, ...secrets }, keys });
      return { tenant, created: before === undefined };
    },
    async remove(id) {
      return entries.delete(id);
    },
    async publicKey(id) {
      const entry = entries.get(id);
      const newest = entry?.tenant.sharedKey ? options.sharedKeys?.[0] : entry?.keys[0];
      return newest
        ? createPublicKey(newest.key).export({ type: 'spki', format: 'pem' }).toString()
        : undefined;
    },
    addKey(id, key) {
      entries.get(id)?.keys.unshift(identify(key));
    },
    close() {},
  };
  return directory;
}
