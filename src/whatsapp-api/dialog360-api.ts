import {
  flowListSchema,
  migrateResultSchema,
  previewSchema,
  remoteFlowSchema,
} from './api-schemas';
import { callApi } from './call-api';
import { flowLifecycleCalls, flowPath, messagingCalls, type ProviderCall } from './provider-calls';
import { ConfigError } from '../config/config-error';
import {
  accountKey,
  D360_API_NAMES,
  D360_REQUIRED,
  missingVariables,
  type ApiPart,
  type Dialog360Config,
} from './whatsapp-api-config';
import type { WhatsAppApi } from './whatsapp-api';
import { WhatsAppApiError } from './whatsapp-api-error';

/**
 * 360dialog: Flows through the Partner API (Hub, `X-API-Key`, 360dialog's own WABA-account id),
 * keys, messages and templates through the Messaging API (`D360-API-KEY`, no phone-number id).
 */
export function createDialog360Api(config: Dialog360Config): WhatsAppApi {
  // Credentials of an API the command did not ask for may be missing: a call to it says which.
  const missing = (part: ApiPart) =>
    Promise.reject(
      new ConfigError([
        missingVariables('WHATSAPP_PROVIDER=360dialog', D360_REQUIRED[part], D360_API_NAMES[part]),
      ]),
    );
  const partner: ProviderCall = (request) => {
    const credentials = config.partner;
    if (credentials === undefined) return missing('flows');
    const flowsBase = `${config.hubUrl}/api/v2/partners/${encodeURIComponent(
      credentials.partnerId,
    )}/waba_accounts/${encodeURIComponent(credentials.wabaAccountId)}/flows`;
    return callApi(config, {
      ...request,
      url: `${flowsBase}${request.path}`,
      headers: { 'x-api-key': credentials.apiKey },
    });
  };
  const messaging: ProviderCall = (request) => {
    if (config.apiKey === undefined) return missing('messaging');
    return callApi(config, {
      ...request,
      url: `${config.apiUrl}${request.path}`,
      headers: { 'd360-api-key': config.apiKey },
    });
  };

  return {
    provider: '360dialog',
    account: accountKey(config),

    // The default fields (id, name, categories, validation_errors, status) are what is needed; the
    // encoding of `fields` is undocumented, so it is not sent.
    listFlows() {
      return partner({
        method: 'GET',
        path: '',
        operation: 'list the Flows',
        repeatable: true,
        schema: flowListSchema,
      });
    },
    getFlow(flowId) {
      return partner({
        method: 'GET',
        path: flowPath(flowId),
        operation: `get Flow ${flowId}`,
        repeatable: true,
        schema: remoteFlowSchema,
      });
    },
    ...flowLifecycleCalls(partner, ''),
    updateFlowMetadata(flowId) {
      // No source shows a 360dialog endpoint for this; guessing one could change the wrong thing.
      return Promise.reject(
        new WhatsAppApiError({
          failure: 'unsupported',
          operation: `update Flow ${flowId}`,
          host: new URL(config.hubUrl).host,
          providerMessage:
            "360dialog's Partner API documents no way to update a Flow's metadata; change it in the 360dialog Hub or WhatsApp Manager",
          retryable: false,
        }),
      );
    },
    preview(flowId, options = {}) {
      return partner({
        method: 'GET',
        path: `${flowPath(flowId)}/preview${options.invalidate ? '?invalidate=true' : ''}`,
        operation: `get the preview of Flow ${flowId}`,
        repeatable: true,
        schema: previewSchema,
      });
    },
    migrateFlows(sourceWabaId, names) {
      // Path and field names are undocumented; Meta's names on the path 360dialog's other calls suggest.
      return partner({
        method: 'POST',
        path: '/migrate_flows',
        body: {
          source_waba_id: sourceWabaId,
          ...(names && names.length > 0 && { source_flow_names: names }),
        },
        operation: `migrate Flows from WABA ${sourceWabaId}`,
        repeatable: false,
        schema: migrateResultSchema,
      });
    },
    ...messagingCalls(messaging, {
      encryption: '/whatsapp_business_encryption',
      messages: '/messages',
      templates: '/v1/configs/templates',
    }),
  };
}
