import { createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { describeIssue } from '../config/config-part';
import type { IdentifiedKey } from '../crypto/decrypt-request';
import { keyFingerprint } from '../crypto/key-fingerprint';
import { tenantPrefix } from '../store/scope-store';
import type { Store } from '../store/store';
import { LruCache } from '../util/lru-cache';
import type { SecretsKeyring } from './secrets-keyring';
import { DIRECTORY_KEYS, parseStoredTenant, type StoredTenant } from './stored-tenant';
import {
  DEFAULT_TENANT_ID,
  TENANT_ID,
  type Tenant,
  type TenantCredentials,
  type TenantSecrets,
} from './tenant';
import { createTenantChanges } from './tenant-changes';
import { tenantConfigSchema, type TenantConfigInput } from './tenant-config';
import type { TenantDirectory } from './tenant-directory';
import { TenantError } from './tenant-error';
import { createTenantLock, type TenantLockOptions } from './tenant-lock';

const generateRsa = promisify(generateKeyPair);

export interface TenantDirectoryOptions {
  store: Store;
  keyring: SecretsKeyring;
  /** The deployment's own keys, newest first: what `sharedKey` tenants decrypt with. */
  sharedKeys: () => readonly IdentifiedKey[];
  logger: Pick<Logger, 'info' | 'warn'>;
  /** How often other replicas' changes are looked for. */
  refreshMs?: number;
  /** Tenants (and their parsed keys) kept in memory. */
  cacheSize?: number;
  /** How changes to one tenant wait for each other. */
  lock?: TenantLockOptions;
}

export interface StoredTenantDirectory extends TenantDirectory {
  /** A new key pair in front: the old ones keep decrypting until retired. */
  rotateKey(id: string): Promise<{ fingerprint: string; publicKey: string }>;
  /** Keeps only the newest key; gives how many were removed. */
  retireOldKeys(id: string): Promise<number>;
  /** Re-seals every value not under the current master key; gives how many tenants changed. */
  rekey(): Promise<number>;
}

interface Entry {
  stored: StoredTenant;
  tenant: Tenant;
  credentials?: TenantCredentials;
}

const SECRET_FIELDS = ['d360ApiKey', 'accessToken', 'appSecrets', 'webhookSecret'] as const;

/** The tenants of a partner deployment, kept in the store, loaded on first use. */
export function createTenantDirectory(options: TenantDirectoryOptions): StoredTenantDirectory {
  const { store, keyring, logger } = options;
  const cacheSize = options.cacheSize ?? 1000;
  // null: known not to exist (a negative entry), until a change names it.
  const entries = new LruCache<string, Entry | null>(cacheSize);
  const wabaIndex = new LruCache<string, string | null>(cacheSize);
  const phoneIndex = new LruCache<string, string | null>(cacheSize);
  const changes = createTenantChanges(store);
  const locked = createTenantLock(store, options.lock);
  // The last whole list, until any change is known: every metrics scrape lists all tenants, which
  // at thousands of them would otherwise read every record each time.
  let listed: readonly Tenant[] | undefined;
  let changed = 0;

  /** A change to tenant `id`, or to any tenant when none is named: what was kept of it goes. */
  const forget = (id?: string) => {
    if (id === undefined) entries.clear();
    else entries.delete(id);
    listed = undefined;
    changed += 1;
    // Index entries name ids, not the other way round: a change drops them all (one GET each).
    wabaIndex.clear();
    phoneIndex.clear();
  };

  let seen: number | undefined;
  const started = changes.marker().then(
    (marker) => {
      seen = marker;
    },
    () => undefined,
  );
  let polling = false;
  let healthy = true;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      if (seen === undefined) {
        seen = await changes.marker();
        forget();
      } else {
        const found = await changes.since(seen);
        seen = found.seen;
        if (found.all) forget();
        else for (const id of found.ids) forget(id);
      }
      if (!healthy) logger.info('tenant changes are followed again');
      healthy = true;
    } catch (err) {
      if (healthy) logger.warn({ err }, 'tenant changes cannot be read: cached tenants kept');
      healthy = false;
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), options.refreshMs ?? 1000);
  timer.unref();

  const toTenant = (stored: StoredTenant): Tenant => ({
    id: stored.id,
    name: stored.name,
    provider: stored.provider,
    wabaId: stored.wabaId,
    phoneNumberIds: stored.phoneNumberIds,
    d360WabaAccountId: stored.d360WabaAccountId,
    flows: stored.flows,
    settings: stored.settings,
    requestSignatures: stored.requestSignatures,
    sharedKey: stored.sharedKey,
    revision: stored.revision,
    updatedAt: stored.updatedAt,
  });

  const readStored = async (id: string): Promise<StoredTenant | undefined> => {
    const text = await store.get(DIRECTORY_KEYS.record(id));
    return text === undefined ? undefined : parseStoredTenant(text);
  };

  const load = async (id: string): Promise<Entry | undefined> => {
    if (!TENANT_ID.test(id) || id === DEFAULT_TENANT_ID) return undefined;
    await started;
    const cached = entries.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const stored = await readStored(id);
    const entry = stored && { stored, tenant: toTenant(stored) };
    entries.set(id, entry ?? null);
    return entry;
  };

  const open = (id: string, field: string, sealed: string) =>
    keyring.open(sealed, { tenantId: id, field });
  const seal = (id: string, field: string, plain: string) =>
    keyring.seal(plain, { tenantId: id, field });

  const openSecrets = (stored: StoredTenant): TenantSecrets => {
    const { d360ApiKey, accessToken, appSecrets, webhookSecret } = stored.secrets;
    const id = stored.id;
    return {
      ...(d360ApiKey && { d360ApiKey: open(id, 'd360ApiKey', d360ApiKey) }),
      ...(accessToken && { accessToken: open(id, 'accessToken', accessToken) }),
      ...(appSecrets && { appSecrets: parseStrings(open(id, 'appSecrets', appSecrets)) }),
      ...(webhookSecret && { webhookSecret: open(id, 'webhookSecret', webhookSecret) }),
    };
  };

  const newKey = async (id: string) => {
    const { privateKey, publicKey } = await generateRsa('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return {
      privateKey: seal(id, 'privateKey', privateKey),
      publicKey,
      fingerprint: keyFingerprint(createPublicKey(publicKey)),
      createdAt: new Date().toISOString(),
    };
  };

  const save = async (stored: StoredTenant) => {
    await store.set(DIRECTORY_KEYS.record(stored.id), JSON.stringify(stored));
    await store.addToSet(DIRECTORY_KEYS.ids, stored.id);
    forget(stored.id);
    await changes.record(stored.id);
  };

  /** Claims each index key for `id`; a key another existing tenant holds is a conflict. */
  const claim = async (id: string, keys: string[]) => {
    const claimed: string[] = [];
    for (const key of keys) {
      if (await store.setIfAbsent(key, id)) {
        claimed.push(key);
        continue;
      }
      const owner = await store.get(key);
      if (owner === id) continue;
      const ownerRecord = owner === undefined ? undefined : await readStored(owner);
      const stillClaims =
        ownerRecord &&
        (key === DIRECTORY_KEYS.waba(ownerRecord.wabaId ?? '') ||
          ownerRecord.phoneNumberIds.some((phone) => DIRECTORY_KEYS.phone(phone) === key));
      if (stillClaims) {
        await Promise.all(claimed.map((taken) => store.delete(taken)));
        const what = key.startsWith('tenants/waba/') ? 'WABA' : 'phone number';
        throw TenantError.conflict(`${what} ${key.split('/').pop()} belongs to tenant ${owner}`);
      }
      // Left by a tenant removed or changed half-way: taken over.
      await store.set(key, id);
    }
  };
  const indexKeys = (s: Pick<StoredTenant, 'wabaId' | 'phoneNumberIds'>) => [
    ...(s.wabaId === undefined ? [] : [DIRECTORY_KEYS.waba(s.wabaId)]),
    ...s.phoneNumberIds.map(DIRECTORY_KEYS.phone),
  ];
  const release = async (id: string, keys: string[]) => {
    for (const key of keys) if ((await store.get(key)) === id) await store.delete(key);
  };

  const byIndex = async (cache: LruCache<string, string | null>, key: string, lookup: string) => {
    await started;
    const cached = cache.get(lookup);
    if (cached !== undefined) return cached ?? undefined;
    const owner = await store.get(key);
    const valid = owner !== undefined && (await load(owner)) ? owner : undefined;
    cache.set(lookup, valid ?? null);
    return valid;
  };

  const checkId = (id: string) => {
    if (!TENANT_ID.test(id)) {
      throw TenantError.invalid(
        `tenant id ${JSON.stringify(id)} must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit`,
      );
    }
    if (id === DEFAULT_TENANT_ID) {
      throw TenantError.invalid(`tenant id ${id} is reserved for the deployment's own business`);
    }
  };

  /** The record as stored now, not as cached: what a change rewrites. */
  const mustRead = async (id: string) => {
    const stored = await readStored(id);
    if (!stored) throw TenantError.unknown(id);
    return stored;
  };

  /** Re-seals one tenant's values not under the current master key; true when it changed. */
  const resealOne = async (id: string): Promise<boolean> => {
    const stored = await readStored(id);
    if (!stored) return false;
    const reseal = (field: string, sealed: string) =>
      keyring.isCurrent(sealed) ? sealed : seal(id, field, open(id, field, sealed));
    const secrets = { ...stored.secrets };
    for (const field of SECRET_FIELDS) {
      const sealed = secrets[field];
      if (sealed !== undefined) secrets[field] = reseal(field, sealed);
    }
    const keys = stored.keys.map((key) => ({
      ...key,
      privateKey: reseal('privateKey', key.privateKey),
    }));
    const resealed = { ...stored, secrets, keys };
    if (JSON.stringify(resealed) === JSON.stringify(stored)) return false;
    // Same values, same revision: only what they are sealed under changed.
    await store.set(DIRECTORY_KEYS.record(id), JSON.stringify(resealed));
    forget(id);
    return true;
  };

  const listIds = async () => (await store.setMembers(DIRECTORY_KEYS.ids)).sort();

  return {
    async find(id) {
      return (await load(id))?.tenant;
    },
    async credentials(id) {
      const entry = await load(id);
      if (!entry) return undefined;
      if (!entry.credentials) {
        const { stored } = entry;
        const secrets = openSecrets(stored);
        entry.credentials = {
          tenant: entry.tenant,
          privateKeys: stored.sharedKey
            ? options.sharedKeys()
            : stored.keys.map((key) => ({
                id: key.fingerprint,
                key: createPrivateKey(open(stored.id, 'privateKey', key.privateKey)),
              })),
          appSecrets: secrets.appSecrets ?? [],
          webhookSecret: secrets.webhookSecret,
        };
      }
      return entry.credentials;
    },
    async secrets(id) {
      const entry = await load(id);
      return entry && openSecrets(entry.stored);
    },
    byWabaId: (wabaId) => byIndex(wabaIndex, DIRECTORY_KEYS.waba(wabaId), wabaId),
    byPhoneNumberId: (phone) => byIndex(phoneIndex, DIRECTORY_KEYS.phone(phone), phone),
    async list() {
      await started;
      if (listed && healthy) return [...listed];
      const before = changed;
      const tenants: Tenant[] = [];
      for (const id of await listIds()) {
        const stored = await readStored(id);
        if (stored) tenants.push(toTenant(stored));
      }
      // Kept only when nothing changed meanwhile and changes are being followed.
      if (before === changed && seen !== undefined) listed = tenants;
      return [...tenants];
    },
    async put(id, input: TenantConfigInput) {
      checkId(id);
      const parsed = tenantConfigSchema.safeParse(input);
      if (!parsed.success) {
        throw TenantError.invalid(
          `tenant ${id}: ${parsed.error.issues.map(describeIssue).join('; ')}`,
        );
      }
      const { secrets, ...config } = parsed.data;
      await started;
      return locked(id, async () => {
        const before = await readStored(id);
        const after = {
          wabaId: config.wabaId,
          phoneNumberIds: [...new Set(config.phoneNumberIds)],
        };
        await claim(id, indexKeys(after));
        const sealedSecrets = { ...before?.secrets };
        for (const field of SECRET_FIELDS) {
          const value = secrets[field];
          if (value === undefined) continue;
          sealedSecrets[field] = seal(
            id,
            field,
            typeof value === 'string' ? value : JSON.stringify(value),
          );
        }
        const keys = before?.keys ?? [];
        const stored: StoredTenant = {
          id,
          name: config.name,
          provider: config.provider,
          wabaId: after.wabaId,
          phoneNumberIds: after.phoneNumberIds,
          d360WabaAccountId: config.d360WabaAccountId,
          flows: config.flows,
          settings: config.settings,
          requestSignatures: config.requestSignatures,
          sharedKey: config.sharedKey,
          revision: (before?.revision ?? 0) + 1,
          updatedAt: new Date().toISOString(),
          secrets: sealedSecrets,
          keys: !config.sharedKey && keys.length === 0 ? [await newKey(id)] : keys,
        };
        await save(stored);
        if (before) {
          const kept = new Set(indexKeys(after));
          await release(
            id,
            indexKeys(before).filter((key) => !kept.has(key)),
          );
        }
        logger.info(
          { tenant: id, revision: stored.revision },
          before ? 'tenant updated' : 'tenant added',
        );
        return { tenant: toTenant(stored), created: before === undefined };
      });
    },
    async remove(id, { erase = false } = {}) {
      if (!TENANT_ID.test(id) || id === DEFAULT_TENANT_ID) return false;
      await started;
      return locked(id, async () => {
        const before = await readStored(id);
        if (erase) await store.deleteByPrefix(tenantPrefix(id));
        if (!before) return false;
        if (!erase) await store.set(DIRECTORY_KEYS.removed(id), new Date().toISOString());
        await store.delete(DIRECTORY_KEYS.record(id));
        await release(id, indexKeys(before));
        forget(id);
        await changes.record(id);
        logger.info({ tenant: id, erased: erase }, 'tenant removed');
        return true;
      });
    },
    async publicKey(id) {
      const entry = await load(id);
      if (!entry) return undefined;
      if (entry.stored.sharedKey) {
        const shared = options.sharedKeys()[0];
        return (
          shared && createPublicKey(shared.key).export({ type: 'spki', format: 'pem' }).toString()
        );
      }
      return entry.stored.keys[0]?.publicKey;
    },
    async rotateKey(id) {
      checkId(id);
      return locked(id, async () => {
        const stored = await mustRead(id);
        if (stored.sharedKey) {
          throw TenantError.invalid(
            `tenant ${id} uses the deployment's key (sharedKey): rotate that one`,
          );
        }
        const key = await newKey(id);
        await save({
          ...stored,
          keys: [key, ...stored.keys],
          revision: stored.revision + 1,
          updatedAt: key.createdAt,
        });
        logger.info({ tenant: id, key: key.fingerprint }, 'tenant key rotated');
        return { fingerprint: key.fingerprint, publicKey: key.publicKey };
      });
    },
    async retireOldKeys(id) {
      checkId(id);
      return locked(id, async () => {
        const stored = await mustRead(id);
        const retired = Math.max(0, stored.keys.length - 1);
        if (retired > 0) {
          await save({
            ...stored,
            keys: stored.keys.slice(0, 1),
            revision: stored.revision + 1,
            updatedAt: new Date().toISOString(),
          });
        }
        return retired;
      });
    },
    async rekey() {
      let changed = 0;
      for (const id of await listIds()) {
        if (await locked(id, () => resealOne(id))) changed += 1;
      }
      return changed;
    },
    close() {
      clearInterval(timer);
    },
  };
}

/** appSecrets, sealed as one JSON array. */
function parseStrings(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
