import type { z } from 'zod';
import {
  assetListSchema,
  createdFlowSchema,
  createdTemplateSchema,
  flowPageSchema,
  type RemoteFlow,
  migrateResultSchema,
  previewSchema,
  publicKeySchema,
  remoteFlowSchema,
  sentMessageSchema,
  successSchema,
  uploadResultSchema,
} from './api-schemas';
import { callApi, type ApiRequest } from './call-api';
import { flowJsonForm } from './flow-json-form';
import type { CloudConfig } from './whatsapp-api-config';
import { accountKey } from './whatsapp-api-config';
import type { WhatsAppApi } from './whatsapp-api';

const FLOW_FIELDS = 'id,name,status,categories,validation_errors,json_version,endpoint_uri';

/** Meta's Cloud API (Graph): Bearer token, ids in the path, `vXX.X` in every URL. */
export function createCloudApi(config: CloudConfig): WhatsAppApi {
  const base = `${config.graphUrl}/${config.graphVersion}`;
  const headers = { authorization: `Bearer ${config.accessToken}` };
  const call = <T extends z.ZodType>(
    request: Omit<ApiRequest<T>, 'url' | 'headers'> & { path: string },
  ) => callApi(config, { ...request, url: `${base}${request.path}`, headers });
  const flow = (id: string) => `/${encodeURIComponent(id)}`;

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
        path: `${flow(flowId)}?fields=${FLOW_FIELDS}`,
        operation: `get Flow ${flowId}`,
        repeatable: true,
        schema: remoteFlowSchema,
      });
    },
    async createFlow(newFlow) {
      const created = await call({
        method: 'POST',
        path: `/${config.wabaId}/flows`,
        body: {
          name: newFlow.name,
          categories: newFlow.categories,
          ...(newFlow.endpointUri && { endpoint_uri: newFlow.endpointUri }),
        },
        operation: `create Flow "${newFlow.name}"`,
        repeatable: false,
        schema: createdFlowSchema,
      });
      return { id: created.id };
    },
    async updateFlowMetadata(flowId, metadata) {
      await call({
        method: 'POST',
        path: flow(flowId),
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
    async uploadFlowJson(flowId, flowJson) {
      const result = await call({
        method: 'POST',
        path: `${flow(flowId)}/assets`,
        body: flowJsonForm(flowJson),
        operation: `upload flow.json to Flow ${flowId}`,
        repeatable: true,
        schema: uploadResultSchema,
      });
      return { validationErrors: result.validation_errors };
    },
    listAssets(flowId) {
      return call({
        method: 'GET',
        path: `${flow(flowId)}/assets`,
        operation: `list the assets of Flow ${flowId}`,
        repeatable: true,
        schema: assetListSchema,
      });
    },
    preview(flowId, options = {}) {
      return call({
        method: 'GET',
        path: `${flow(flowId)}?fields=preview.invalidate(${options.invalidate === true})`,
        operation: `get the preview of Flow ${flowId}`,
        repeatable: true,
        schema: previewSchema,
      });
    },
    async publish(flowId) {
      await call({
        method: 'POST',
        path: `${flow(flowId)}/publish`,
        operation: `publish Flow ${flowId}`,
        repeatable: true,
        schema: successSchema,
      });
    },
    async deprecate(flowId) {
      await call({
        method: 'POST',
        path: `${flow(flowId)}/deprecate`,
        operation: `deprecate Flow ${flowId}`,
        repeatable: true,
        schema: successSchema,
      });
    },
    async deleteFlow(flowId) {
      await call({
        method: 'DELETE',
        path: flow(flowId),
        operation: `delete Flow ${flowId}`,
        repeatable: true,
        schema: successSchema,
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
    getPublicKey() {
      return call({
        method: 'GET',
        path: `/${config.phoneNumberId}/whatsapp_business_encryption`,
        operation: 'read the business public key',
        repeatable: true,
        schema: publicKeySchema,
      });
    },
    async setPublicKey(publicKeyPem) {
      await call({
        method: 'POST',
        path: `/${config.phoneNumberId}/whatsapp_business_encryption`,
        body: new URLSearchParams({ business_public_key: publicKeyPem }),
        operation: 'set the business public key',
        repeatable: true,
        schema: successSchema,
      });
    },
    sendMessage(message) {
      return call({
        method: 'POST',
        path: `/${config.phoneNumberId}/messages`,
        body: message,
        operation: 'send the message',
        repeatable: false,
        schema: sentMessageSchema,
      });
    },
    createTemplate(template) {
      return call({
        method: 'POST',
        path: `/${config.wabaId}/message_templates`,
        body: { ...template },
        operation: `create template "${template.name}"`,
        repeatable: false,
        schema: createdTemplateSchema,
      });
    },
  };
}
