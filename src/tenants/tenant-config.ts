import { z } from 'zod';

const digits = z.string().regex(/^\d{1,30}$/, { error: 'must be digits' });
const flowName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be a flow name' });
const secret = z.string().min(1);

/** `tenants add --config <file.json>` and `PUT /admin/tenants/<id>`: one business's settings. */
export const tenantConfigSchema = z.strictObject({
  name: z.string().min(1).max(200),
  provider: z.enum(['360dialog', 'cloud']),
  wabaId: digits.optional(),
  phoneNumberIds: z.array(digits).default([]),
  d360WabaAccountId: z.string().min(1).max(200).optional(),
  flows: z.array(flowName).default([]),
  settings: z.record(flowName, z.record(z.string(), z.unknown())).default({}),
  requestSignatures: z.enum(['on', 'off']).default('on'),
  sharedKey: z.boolean().default(false),
  secrets: z
    .strictObject({
      d360ApiKey: secret.optional(),
      accessToken: secret.optional(),
      appSecrets: z.array(secret).optional(),
      webhookSecret: secret.optional(),
    })
    .default({}),
});

export type TenantConfig = z.output<typeof tenantConfigSchema>;
/** A tenant's config as written (a file, a PUT body): what is left out takes its default. */
export type TenantConfigInput = z.input<typeof tenantConfigSchema>;
