import { z } from 'zod';
import { configPart, optional } from './config-part';

/** How request metrics are labelled. */
export interface MetricsConfig {
  /** Request metrics also by tenant: their series multiply by the number of tenants. */
  tenantLabel: boolean;
}

const metricsEnvSchema = z.object({
  METRICS_TENANT_LABEL: optional(
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
});

/**
 * METRICS_TENANT_LABEL: off by default, so that a partner with thousands of tenants keeps request
 * metrics per flow; Meta's alert gauges carry the tenant either way.
 */
export const metricsConfigPart = configPart({
  schema: metricsEnvSchema,
  settings: (vars): MetricsConfig => ({ tenantLabel: vars.METRICS_TENANT_LABEL === 'true' }),
});
