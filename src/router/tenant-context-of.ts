import { EndpointError } from '../errors/endpoint-error';
import type { FlowDefinition, TenantContext } from '../flow-definition/define-flow';
import type { RequestContext } from '../logging/request-context';
import type { RuntimeTenant, SettingsProblem } from './runtime-tenant';

const NO_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({});

function parse(flow: FlowDefinition, tenant: RuntimeTenant): TenantContext | SettingsProblem {
  const raw = tenant.settings[flow.name] ?? NO_SETTINGS;
  if (!flow.tenantSettings) return { id: tenant.id, name: tenant.name, settings: raw };
  const parsed = flow.tenantSettings.safeParse(raw);
  if (parsed.success) {
    return { id: tenant.id, name: tenant.name, settings: parsed.data as Record<string, unknown> };
  }
  const issue = parsed.error.issues[0];
  return { path: issue?.path.join('.') || '(settings)', code: issue?.code ?? 'invalid' };
}

/**
 * `ctx.tenant` for a flow: its settings parsed by the flow's `tenantSettings` schema once per
 * tenant revision (the RuntimeTenant is replaced when the tenant changes). Settings the schema
 * refuses are the deployment's mistake, not the user's: a 500, logged by path, never by value.
 */
export function tenantContextOf(
  flow: FlowDefinition,
  tenant: RuntimeTenant,
  context: RequestContext,
): TenantContext {
  let found = tenant.contexts.get(flow);
  if (found === undefined) {
    found = parse(flow, tenant);
    tenant.contexts.set(flow, found);
  }
  if ('settings' in found) return found;
  context.log.error(
    { tenant: tenant.id, flow: flow.name, settingsPath: found.path, issue: found.code },
    "tenant's settings do not match the flow's tenantSettings schema",
  );
  throw new EndpointError('internal', 'tenant settings invalid');
}
