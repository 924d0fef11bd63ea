import { z } from 'zod';

/** Meta's categories; unknown ones (other providers list SHOPPING, UNKNOWN) are accepted when read. */
export const FLOW_CATEGORIES = [
  'SIGN_UP',
  'SIGN_IN',
  'APPOINTMENT_BOOKING',
  'LEAD_GENERATION',
  'CONTACT_US',
  'CUSTOMER_SUPPORT',
  'SURVEY',
  'OTHER',
] as const;
export type FlowCategory = (typeof FLOW_CATEGORIES)[number];

/** One of Meta's `validation_errors`; 360dialog's members are undocumented, assumed the same. */
const validationErrorSchema = z.looseObject({
  error: z.string().optional(),
  error_type: z.string().optional(),
  message: z.string().optional(),
  line_start: z.number().optional(),
  line_end: z.number().optional(),
  column_start: z.number().optional(),
  column_end: z.number().optional(),
  pointers: z
    .array(
      z.looseObject({
        line_start: z.number().optional(),
        column_start: z.number().optional(),
        path: z.string().optional(),
      }),
    )
    .optional(),
});
export type ValidationError = z.infer<typeof validationErrorSchema>;

export const remoteFlowSchema = z.looseObject({
  id: z.coerce.string(),
  name: z.string().optional(),
  status: z.string().optional(),
  categories: z.array(z.string()).optional(),
  validation_errors: z.array(validationErrorSchema).optional(),
  json_version: z.string().optional(),
  endpoint_uri: z.string().optional(),
  preview: z.looseObject({ preview_url: z.string(), expires_at: z.string().optional() }).optional(),
});
export type RemoteFlow = z.infer<typeof remoteFlowSchema>;

/** 360dialog documents `{flows, count, total}`, kairon mocks a bare array, Meta says `{data, paging}`. */
export const flowListSchema = z
  .union([
    z.object({ flows: z.array(remoteFlowSchema) }).transform((body) => body.flows),
    z.object({ data: z.array(remoteFlowSchema) }).transform((body) => body.data),
    z.array(remoteFlowSchema),
  ])
  .transform((flows): RemoteFlow[] => flows);

/** One page of Meta's list: `next` is there when there is another page after `cursors.after`. */
export const flowPageSchema = z.looseObject({
  data: z.array(remoteFlowSchema),
  paging: z
    .looseObject({
      cursors: z.looseObject({ after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});

export const createdFlowSchema = z.looseObject({
  id: z.coerce.string(),
  validation_errors: z.array(validationErrorSchema).optional(),
});

export const uploadResultSchema = z.looseObject({
  success: z.boolean().optional(),
  validation_errors: z.array(validationErrorSchema).optional().default([]),
});

export const successSchema = z.looseObject({ success: z.boolean().optional() });

const assetSchema = z.looseObject({
  name: z.string().optional(),
  asset_type: z.string().optional(),
  download_url: z.string().optional(),
});
export type FlowAsset = z.infer<typeof assetSchema>;

export const assetListSchema = z
  .union([
    z.object({ assets: z.array(assetSchema) }).transform((body) => body.assets),
    z.object({ data: z.array(assetSchema) }).transform((body) => body.data),
    z.array(assetSchema),
  ])
  .transform((assets): FlowAsset[] => assets);

export const previewSchema = z
  .looseObject({
    preview: z.looseObject({ preview_url: z.string(), expires_at: z.string().optional() }),
  })
  .transform((body) => ({ url: body.preview.preview_url, expiresAt: body.preview.expires_at }));
export type FlowPreview = z.output<typeof previewSchema>;

export const migrateResultSchema = z
  .looseObject({
    migrated_flows: z
      .array(
        z.looseObject({
          source_name: z.string(),
          source_id: z.coerce.string().optional(),
          migrated_id: z.coerce.string(),
        }),
      )
      .optional()
      .default([]),
    failed_flows: z
      .array(
        z.looseObject({
          source_name: z.string(),
          error_code: z.coerce.string().optional(),
          error_message: z.string().optional(),
        }),
      )
      .optional()
      .default([]),
  })
  .transform((body) => ({ migrated: body.migrated_flows, failed: body.failed_flows }));
export type MigrateResult = z.output<typeof migrateResultSchema>;

export const publicKeySchema = z
  .looseObject({
    data: z.array(
      z.looseObject({
        // Meta's example leaves the key out when the status is VALID.
        business_public_key: z.string().optional(),
        business_public_key_signature_status: z.string().optional(),
      }),
    ),
  })
  .transform((body) => ({
    publicKey: body.data[0]?.business_public_key,
    signatureStatus: body.data[0]?.business_public_key_signature_status,
  }));
export type PublicKeyStatus = z.output<typeof publicKeySchema>;

export const sentMessageSchema = z
  .looseObject({
    contacts: z.array(z.looseObject({ wa_id: z.string().optional() })).optional(),
    messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1),
  })
  .transform((body) => ({
    messageId: body.messages[0]?.id ?? '',
    waId: body.contacts?.[0]?.wa_id,
  }));
export type SendResult = z.output<typeof sentMessageSchema>;

export const createdTemplateSchema = z.looseObject({
  id: z.coerce.string(),
  status: z.string().optional(),
  category: z.string().optional(),
});
export type CreatedTemplate = z.infer<typeof createdTemplateSchema>;
