import { z } from 'zod';
import { DEFAULT_TENANT_ID, TENANT_ID } from '../tenants/tenant';
import { parseFlag } from './parse-flag';

const TENANT_ID_FLAG = z
  .string()
  .regex(TENANT_ID, { error: 'a tenant id: lower-case letters, digits and dashes' })
  .refine((id) => id !== DEFAULT_TENANT_ID, {
    error: "default is the environment's own business: leave --tenant out",
  });

/** `--tenant <id>`, when given: a stored tenant's id (never `default`). */
export function parseTenantFlag(value: string | undefined): string | undefined {
  return value === undefined ? undefined : parseFlag(TENANT_ID_FLAG, value, '--tenant');
}
