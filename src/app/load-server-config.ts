import { adminConfigPart } from '../admin/admin-config';
import { loadConfigParts } from '../config/config-part';
import { DEFAULT_GRAPH_API_VERSION, graphApiVersionVariable } from '../config/config-schema';
import { servingConfigPart } from '../config/load-config';
import { metricsConfigPart } from '../config/metrics-config';
import { serverLimitsPart } from '../http/server-limits';
import { mediaConfigPart } from '../media/media-settings';
import { playgroundConfigPart } from '../playground/playground-config';
import { tenantSecretsConfigPart } from '../tenants/tenant-secrets-config';
import { webhookConfigPart } from '../webhooks/webhook-config';

/**
 * Every part of the configuration the server is made of. Composed here, above the capabilities,
 * because config/ sits below them in the layers: each capability declares its own part and
 * config/ only knows how to read parts.
 */
const SERVER_CONFIG_PARTS = {
  core: servingConfigPart,
  limits: serverLimitsPart,
  media: mediaConfigPart,
  playground: playgroundConfigPart,
  webhooks: webhookConfigPart,
  /** Partner mode: on when TENANT_SECRETS_KEY is set. */
  tenantSecrets: tenantSecretsConfigPart,
  admin: adminConfigPart,
  metrics: metricsConfigPart,
};

/**
 * The server's configuration, read once: throws a ConfigError listing every problem of every
 * part together, one line each.
 */
export function loadServerConfig(env: Record<string, string | undefined>) {
  const parts = loadConfigParts(env, SERVER_CONFIG_PARTS);
  // Only for the hint shown with a generated key: a version the server does not use is not worth
  // refusing to start.
  const graphApiVersion =
    graphApiVersionVariable.safeParse(env.GRAPH_API_VERSION).data ?? DEFAULT_GRAPH_API_VERSION;
  return { ...parts, graphApiVersion };
}

export type ServerConfig = ReturnType<typeof loadServerConfig>;
