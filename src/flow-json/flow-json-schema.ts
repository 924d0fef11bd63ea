import { z } from 'zod';
import { missingKeyError } from './missing-key-error';

/**
 * The structure of a Flow JSON document, as far as the endpoint and the validator rely on it.
 * Permissive where components carry many type-specific keys (they pass through unchecked);
 * strict on what the rules read: ids, layout children, names, actions and data declarations.
 */

const DATA_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;

/** A screen's declared data field, JSON-schema-like; `__example__` is what the Builder previews. */
export interface DataDeclaration {
  type: (typeof DATA_TYPES)[number];
  properties?: Record<string, DataDeclaration>;
  items?: DataDeclaration;
  required?: string[];
  __example__?: unknown;
  [key: string]: unknown;
}

const dataDeclarationSchema: z.ZodType<DataDeclaration> = z.looseObject({
  type: z.enum(DATA_TYPES),
  get properties() {
    return z.record(z.string(), dataDeclarationSchema).optional();
  },
  get items() {
    return dataDeclarationSchema.optional();
  },
  required: z.array(z.string()).optional(),
  __example__: z.unknown().optional(),
});

export const flowActionSchema = z.looseObject({
  name: z.string(),
  // Presence of `next` and `next.name` is the navigate rule's business, so that its message is precise.
  next: z.looseObject({ type: z.string().optional(), name: z.string().optional() }).optional(),
  payload: z.unknown().optional(),
});
export type FlowAction = z.infer<typeof flowActionSchema>;

/** Every key ending in `-action` holds an action: on-click-action, on-select-action, … */
export const isActionKey = (key: string): boolean => key.endsWith('-action');

export interface FlowComponent {
  type: string;
  name?: string;
  /** A boolean, a binding, or CalendarPicker's `{start-date, end-date}`: the component rules check it. */
  required?: unknown;
  children?: FlowComponent[];
  /** If's branches. */
  then?: FlowComponent[];
  else?: FlowComponent[];
  /** Switch's branches, by value. */
  cases?: Record<string, FlowComponent[]>;
  [key: string]: unknown;
}

const flowComponentSchema: z.ZodType<FlowComponent> = z
  .looseObject({
    type: z.string(),
    name: z.string().optional(),
    get children() {
      return z.array(flowComponentSchema).optional();
    },
    get then() {
      return z.array(flowComponentSchema).optional();
    },
    get else() {
      return z.array(flowComponentSchema).optional();
    },
    get cases() {
      return z.record(z.string(), z.array(flowComponentSchema)).optional();
    },
  })
  .superRefine((component, ctx) => {
    for (const [key, value] of Object.entries(component)) {
      if (!isActionKey(key)) continue;
      const parsed = flowActionSchema.safeParse(value, { error: missingKeyError });
      for (const issue of parsed.error?.issues ?? []) {
        ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
      }
    }
  });

export const flowScreenSchema = z.looseObject({
  id: z.string(),
  title: z.string().optional(),
  terminal: z.boolean().optional(),
  success: z.boolean().optional(),
  refresh_on_back: z.boolean().optional(),
  data: z.record(z.string(), dataDeclarationSchema).optional(),
  layout: z.looseObject({ type: z.string(), children: z.array(flowComponentSchema) }),
});
export type FlowScreen = z.infer<typeof flowScreenSchema>;

const routingModelSchema = z.record(z.string(), z.array(z.string()));

export const flowJsonSchema = z.looseObject({
  version: z.string(),
  data_api_version: z.string().optional(),
  routing_model: routingModelSchema.optional(),
  screens: z.array(flowScreenSchema).min(1),
});
export type FlowJson = z.infer<typeof flowJsonSchema>;
