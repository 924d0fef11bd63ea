import {
  flowPageSchema,
  type RemoteFlow,
  migrateResultSchema,
  previewSchema,
  remoteFlowSchema,
  successSchema,
} from './api-schemas';
import { callApi } from './call-api';
import { flowLifecycleCalls, flowPath, messagingCalls, type ProviderCall } from './provider-calls';
import type { CloudConfig } from './whatsapp-api-config';
import { accountKey } from './whatsapp-api-config';
import type { WhatsAppApi } from './whatsapp-api';

const FLOW_FIELDS = 'id,name,status,categories,validation_errors,json_version,endpoint_uri';

/** Meta's Cloud API (Graph): Bearer token, ids in the path, `vXX.X` in every URL. */
export function createCloudApi(config: CloudConfig): WhatsAppApi {
  const base = `${config.graphUrl}/${config.graphVersion}`;
  const headers = { authorization: `Bearer ${config.accessToken}` };
  const call: ProviderCall = (request) =>
    callApi(config, { ...request, url: `${base}${request.path}`, headers });

  return {
    provider: 'cloud',
    account: accountKey(config),

    async listFlows() {
      const flows: RemoteFlow[] = [];
      let after: string | undefined;
      // Bounded: a WABA with more than 5 000 Flows is not something to walk on every deploy.
      for (let page = 0; page < 50; page++) {
        const cursor = after === undefined ? '' : `&after=${encodeURIComponent(after)}`;
        const body = await call({
          method: 'GET',
          path: `/${config.wabaId}/flows?fields=${FLOW_FIELDS}&limit=100${cursor}`,
          operation: 'list the Flows',
          repeatable: true,
          schema: flowPageSchema,
        });
        flows.push(...body.data);
        after = body.paging?.cursors?.after;
        if (body.paging?.next === undefined || after === undefined) break;
      }
      return flows;
    },
    getFlow(flowId) {
      return call({
        method: 'GET',
        path: `${flowPath(flowId)}?fields=${FLOW_FIELDS}`,
        operation: `get Flow ${flowId}`,
        repeatable: true,
        schema: remoteFlowSchema,
      });
    },
    ...flowLifecycleCalls(call, `/${config.wabaId}/flows`),
    async updateFlowMetadata(flowId, metadata) {
      await call({
        method: 'POST',
        path: flowPath(flowId),
        body: {
          ...(metadata.name && { name: metadata.name }),
          ...(metadata.categories && { categories: metadata.categories }),
          ...(metadata.endpointUri && { endpoint_uri: metadata.endpointUri }),
        },
        operation: `update Flow ${flowId}`,
        repeatable: true,
        schema: successSchema,
      });
    },
    preview(flowId, options = {}) {
      return call({
        method: 'GET',
        path: `${flowPath(flowId)}?fields=preview.invalidate(${options.invalidate === true})`,
        operation: `get the preview of Flow ${flowId}`,
        repeatable: true,
        schema: previewSchema,
      });
    },
    migrateFlows(sourceWabaId, names) {
      // Meta's sample puts the parameters in the query string.
      const query = new URLSearchParams({ source_waba_id: sourceWabaId });
      if (names && names.length > 0) query.set('source_flow_names', JSON.stringify(names));
      return call({
        method: 'POST',
        path: `/${config.wabaId}/migrate_flows?${query.toString()}`,
        operation: `migrate Flows from WABA ${sourceWabaId}`,
        repeatable: false,
        schema: migrateResultSchema,
      });
    },
    ...messagingCalls(call, {
      encryption: `/${config.phoneNumberId}/whatsapp_business_encryption`,
      messages: `/${config.phoneNumberId}/messages`,
      templates: `/${config.wabaId}/message_templates`,
    }),
  };
}
