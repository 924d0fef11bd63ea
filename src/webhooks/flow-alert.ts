import { z } from 'zod';

/** A number Meta may also send as a numeric string; anything else is dropped, not refused. */
const number = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .pipe(z.number().finite())
  .optional()
  .catch(undefined);
const text = (max: number) => z.string().max(max).optional().catch(undefined);

/**
 * The `value` of a change with `field: "flows"` (Meta's Flow health and status webhooks). Events
 * and error types are open strings: a new one is kept, never rejected.
 */
export const flowAlertSchema = z.object({
  event: z.string().min(1).max(64),
  flow_id: z.union([z.string().max(64), z.number().transform(String)]).catch('unknown'),
  message: text(2048),
  warning: text(2048),
  alert_state: text(32),
  old_status: text(32),
  new_status: text(32),
  threshold: number,
  requests_count: number,
  error_rate: number,
  availability: number,
  p50_latency: number,
  p90_latency: number,
  errors: z
    .array(
      z.object({
        error_type: z.string().max(128),
        error_rate: number,
        error_count: number,
      }),
    )
    .max(100)
    .optional()
    .catch(undefined),
});
export type FlowAlert = z.infer<typeof flowAlertSchema>;

export const FLOW_STATUSES = ['DRAFT', 'PUBLISHED', 'DEPRECATED', 'BLOCKED', 'THROTTLED'] as const;

/** ACTIVATED → true, DEACTIVATED → false; events without a state are neither. */
export function alertActive(alert: FlowAlert): boolean | undefined {
  const state = alert.alert_state?.toUpperCase();
  if (state === 'ACTIVATED') return true;
  if (state === 'DEACTIVATED') return false;
  return undefined;
}
