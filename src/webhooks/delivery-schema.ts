import { z } from 'zod';

/**
 * What a webhook delivery may hold, as far as this project reads it. Every part is optional and
 * loose: a part that does not match is "not understood" (answered 200 and counted), never a 4xx
 * that the sender would retry for days.
 */
const idSchema = z.string().min(1).max(512);

export const messageSchema = z.looseObject({
  id: idSchema,
  from: z.string().max(64).optional(),
  timestamp: z.string().max(32).optional(),
  type: z.string().max(64).optional(),
  context: z.looseObject({ id: idSchema.optional(), from: z.string().optional() }).optional(),
  interactive: z
    .looseObject({
      type: z.string().optional(),
      nfm_reply: z
        .looseObject({
          name: z.string().optional(),
          body: z.string().optional(),
          response_json: z.string(),
        })
        .optional(),
    })
    .optional(),
});
export type Message = z.infer<typeof messageSchema>;

export const changeSchema = z.looseObject({
  field: z.string(),
  value: z.unknown(),
});

export const entrySchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  time: z.number().optional(),
  changes: z.array(z.unknown()).optional(),
});

/** The Cloud API form (`entry[]`) and the top-level form the 360dialog guide shows. */
export const deliverySchema = z.looseObject({
  object: z.string().optional(),
  entry: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

/** The `value` of a change with `field: "messages"`. */
export const messagesValueSchema = z.looseObject({
  metadata: z
    .looseObject({
      phone_number_id: z
        .union([z.string().min(1).max(64), z.number()])
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});
