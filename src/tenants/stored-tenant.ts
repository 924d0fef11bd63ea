import { tenantPrefix } from '../store/scope-store';
import { z } from 'zod';

/** Where the directory keeps its rows, apart from tenants' own data (`t/<id>/…`). */
export const DIRECTORY_KEYS = {
  record: (id: string) => `tenants/record/${id}`,
  ids: 'tenants/ids',
  waba: (wabaId: string) => `tenants/waba/${wabaId}`,
  phone: (phoneNumberId: string) => `tenants/phone/${phoneNumberId}`,
  change: (seq: number) => `tenants/change/${seq}`,
  revision: 'tenants/revision',
  lock: (id: string) => `tenants/lock/${id}`,
  /**
   * Left by a removal without erasing, inside the tenant's own scope (so erasing takes it too): its
   * records, whatever a flow keeps, can still be exported by `--tenant`.
   */
  removed: (id: string) => `${tenantPrefix(id)}tenant-removed`,
};

const sealed = z.string().startsWith('v1.');

/** One tenant as stored: secrets and private keys sealed, everything else plain. */
export const storedTenantSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.enum(['360dialog', 'cloud']),
  wabaId: z.string().optional(),
  phoneNumberIds: z.array(z.string()),
  d360WabaAccountId: z.string().optional(),
  flows: z.array(z.string()),
  settings: z.record(z.string(), z.record(z.string(), z.unknown())),
  requestSignatures: z.enum(['on', 'off']),
  sharedKey: z.boolean(),
  revision: z.number().int(),
  updatedAt: z.string(),
  secrets: z.object({
    d360ApiKey: sealed.optional(),
    accessToken: sealed.optional(),
    /** A JSON array, sealed as one value. */
    appSecrets: sealed.optional(),
    webhookSecret: sealed.optional(),
  }),
  /** Newest first. */
  keys: z.array(
    z.object({
      privateKey: sealed,
      publicKey: z.string(),
      fingerprint: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export type StoredTenant = z.output<typeof storedTenantSchema>;

/** A stored row, parsed; a row that is not one is reported, never cast. */
export function parseStoredTenant(text: string): StoredTenant {
  const parsed = storedTenantSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`stored tenant row is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
