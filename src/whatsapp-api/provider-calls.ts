import type { z } from 'zod';
import {
  assetListSchema,
  createdFlowSchema,
  createdTemplateSchema,
  publicKeySchema,
  sentMessageSchema,
  successSchema,
  uploadResultSchema,
} from './api-schemas';
import type { ApiRequest } from './call-api';
import { flowJsonForm } from './flow-json-form';
import type { WhatsAppApi } from './whatsapp-api';

/** One request to a provider, its base URL and credentials already chosen: only the path is given. */
export type ProviderCall = <T extends z.ZodType>(
  request: Omit<ApiRequest<T>, 'url' | 'headers'> & { path: string },
) => Promise<z.output<T>>;

/** The path of one Flow below a provider's Flows collection. */
export const flowPath = (flowId: string) => `/${encodeURIComponent(flowId)}`;

type FlowLifecycle = Pick<
  WhatsAppApi,
  'createFlow' | 'uploadFlowJson' | 'listAssets' | 'publish' | 'deprecate' | 'deleteFlow'
>;

/**
 * The Flow calls both providers answer alike: the same method, path below the Flows collection,
 * body and answer; only `call` (base URL, credentials) and `createPath` (where a Flow is created)
 * differ.
 */
export function flowLifecycleCalls(call: ProviderCall, createPath: string): FlowLifecycle {
  const flowAction = async (flowId: string, action: 'publish' | 'deprecate') => {
    await call({
      method: 'POST',
      path: `${flowPath(flowId)}/${action}`,
      operation: `${action} Flow ${flowId}`,
      repeatable: true,
      schema: successSchema,
    });
  };
  return {
    async createFlow(newFlow) {
      const created = await call({
        method: 'POST',
        path: createPath,
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
    async uploadFlowJson(flowId, flowJson) {
      const result = await call({
        method: 'POST',
        path: `${flowPath(flowId)}/assets`,
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
        path: `${flowPath(flowId)}/assets`,
        operation: `list the assets of Flow ${flowId}`,
        repeatable: true,
        schema: assetListSchema,
      });
    },
    publish: (flowId) => flowAction(flowId, 'publish'),
    deprecate: (flowId) => flowAction(flowId, 'deprecate'),
    async deleteFlow(flowId) {
      await call({
        method: 'DELETE',
        path: flowPath(flowId),
        operation: `delete Flow ${flowId}`,
        repeatable: true,
        schema: successSchema,
      });
    },
  };
}

type MessagingCalls = Pick<
  WhatsAppApi,
  'getPublicKey' | 'setPublicKey' | 'sendMessage' | 'createTemplate'
>;

/**
 * Keys, messages and templates: the same bodies and answers on both providers, at different paths.
 * The body of setting a key is undocumented for 360dialog; Meta's form field is the reading both
 * share.
 */
export function messagingCalls(
  call: ProviderCall,
  paths: { encryption: string; messages: string; templates: string },
): MessagingCalls {
  return {
    getPublicKey() {
      return call({
        method: 'GET',
        path: paths.encryption,
        operation: 'read the business public key',
        repeatable: true,
        schema: publicKeySchema,
      });
    },
    async setPublicKey(publicKeyPem) {
      await call({
        method: 'POST',
        path: paths.encryption,
        body: new URLSearchParams({ business_public_key: publicKeyPem }),
        operation: 'set the business public key',
        repeatable: true,
        schema: successSchema,
      });
    },
    sendMessage(message) {
      return call({
        method: 'POST',
        path: paths.messages,
        body: message,
        operation: 'send the message',
        repeatable: false,
        schema: sentMessageSchema,
      });
    },
    createTemplate(template) {
      return call({
        method: 'POST',
        path: paths.templates,
        body: { ...template },
        operation: `create template "${template.name}"`,
        repeatable: false,
        schema: createdTemplateSchema,
      });
    },
  };
}
