import type { z } from 'zod';
import {
  assetListSchema,
  createdFlowSchema,
  createdTemplateSchema,
  flowListSchema,
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
import type { Dialog360Config } from './whatsapp-api-config';
import { accountKey } from './whatsapp-api-config';
import type { WhatsAppApi } from './whatsapp-api';
import { WhatsAppApiError } from './whatsapp-api-error';

type Call = <T extends z.ZodType>(
  request: Omit<ApiRequest<T>, 'url' | 'headers'> & { path: string },
) => Promise<z.output<T>>;

/**
 * 360dialog: Flows through the Partner API (Hub, `X-API-Key`, 360dialog's own WABA-account id),
 * keys, messages and templates through the Messaging API (`D360-API-KEY`, no phone-number id).
 */
export function createDialog360Api(config: Dialog360Config): WhatsAppApi {
  const flowsBase = `${config.hubUrl}/api/v2/partners/${encodeURIComponent(
    config.partnerId,
  )}/waba_accounts/${encodeURIComponent(config.wabaAccountId)}/flows`;
  const partner: Call = (request) =>
    callApi(config, {
      ...request,
      url: `${flowsBase}${request.path}`,
      headers: { 'x-api-key': config.partnerApiKey },
    });
  const messaging: Call = (request) =>
    callApi(config, {
      ...request,
      url: `${config.apiUrl}${request.path}`,
      headers: { 'd360-api-key': config.apiKey },
    });
  const flow = (id: string) => `/${encodeURIComponent(id)}`;

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
        path: flow(flowId),
        operation: `get Flow ${flowId}`,
        repeatable: true,
        schema: remoteFlowSchema,
      });
    },
    async createFlow(newFlow) {
      const created = await partner({
        method: 'POST',
        path: '',
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
    async uploadFlowJson(flowId, flowJson) {
      const result = await partner({
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
      return partner({
        method: 'GET',
        path: `${flow(flowId)}/assets`,
        operation: `list the assets of Flow ${flowId}`,
        repeatable: true,
        schema: assetListSchema,
      });
    },
    preview(flowId, options = {}) {
      return partner({
        method: 'GET',
        path: `${flow(flowId)}/preview${options.invalidate ? '?invalidate=true' : ''}`,
        operation: `get the preview of Flow ${flowId}`,
        repeatable: true,
        schema: previewSchema,
      });
    },
    async publish(flowId) {
      await partner({
        method: 'POST',
        path: `${flow(flowId)}/publish`,
        operation: `publish Flow ${flowId}`,
        repeatable: true,
        schema: successSchema,
      });
    },
    async deprecate(flowId) {
      await partner({
        method: 'POST',
        path: `${flow(flowId)}/deprecate`,
        operation: `deprecate Flow ${flowId}`,
        repeatable: true,
        schema: successSchema,
      });
    },
    async deleteFlow(flowId) {
      await partner({
        method: 'DELETE',
        path: flow(flowId),
        operation: `delete Flow ${flowId}`,
        repeatable: true,
        schema: successSchema,
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
    getPublicKey() {
      return messaging({
        method: 'GET',
        path: '/whatsapp_business_encryption',
        operation: 'read the business public key',
        repeatable: true,
        schema: publicKeySchema,
      });
    },
    async setPublicKey(publicKeyPem) {
      // The body is undocumented for 360dialog; Meta's form field is the reading both share.
      await messaging({
        method: 'POST',
        path: '/whatsapp_business_encryption',
        body: new URLSearchParams({ business_public_key: publicKeyPem }),
        operation: 'set the business public key',
        repeatable: true,
        schema: successSchema,
      });
    },
    sendMessage(message) {
      return messaging({
        method: 'POST',
        path: '/messages',
        body: message,
        operation: 'send the message',
        repeatable: false,
        schema: sentMessageSchema,
      });
    },
    createTemplate(template) {
      return messaging({
        method: 'POST',
        path: '/v1/configs/templates',
        body: { ...template },
        operation: `create template "${template.name}"`,
        repeatable: false,
        schema: createdTemplateSchema,
      });
    },
  };
}
