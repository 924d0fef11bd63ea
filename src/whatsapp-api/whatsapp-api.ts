import type {
  CreatedTemplate,
  FlowAsset,
  FlowCategory,
  FlowPreview,
  MigrateResult,
  PublicKeyStatus,
  RemoteFlow,
  SendResult,
  ValidationError,
} from './api-schemas';
import type { Provider } from './whatsapp-api-config';

export interface NewFlow {
  name: string;
  categories: readonly FlowCategory[];
  /** Where WhatsApp sends the Flow's data requests; only for Flows that use the endpoint. */
  endpointUri?: string;
}

export interface FlowMetadata {
  name?: string;
  categories?: readonly FlowCategory[];
  endpointUri?: string;
}

/** A template as Meta's `message_templates` takes it (360dialog relays the same body). */
export interface TemplateDefinition {
  name: string;
  language: string;
  category: 'AUTHENTICATION' | 'MARKETING' | 'UTILITY';
  components: readonly Record<string, unknown>[];
}

/** A Cloud API message body (`messaging_product: whatsapp`, …); 360dialog relays it unchanged. */
export type OutgoingMessage = Record<string, unknown> & { to: string };

/**
 * Everything this project does with a provider, the same for 360dialog and the Cloud API. Every
 * method throws WhatsAppApiError on failure; none repeats a request that could act twice.
 */
export interface WhatsAppApi {
  readonly provider: Provider;
  /** `cloud:<WABA_ID>` or `360dialog:<waba account id>`: where the ids below are valid. */
  readonly account: string;

  listFlows(): Promise<RemoteFlow[]>;
  getFlow(flowId: string): Promise<RemoteFlow>;
  createFlow(flow: NewFlow): Promise<{ id: string }>;
  updateFlowMetadata(flowId: string, metadata: FlowMetadata): Promise<void>;
  /** Replaces the Flow's flow.json; Meta's validation errors come back, not thrown. */
  uploadFlowJson(
    flowId: string,
    flowJson: string,
  ): Promise<{ validationErrors: ValidationError[] }>;
  listAssets(flowId: string): Promise<FlowAsset[]>;
  preview(flowId: string, options?: { invalidate?: boolean }): Promise<FlowPreview>;
  publish(flowId: string): Promise<void>;
  deprecate(flowId: string): Promise<void>;
  deleteFlow(flowId: string): Promise<void>;
  /** Copies Flows from another WABA of the same business into this one. */
  migrateFlows(sourceWabaId: string, names?: readonly string[]): Promise<MigrateResult>;

  getPublicKey(): Promise<PublicKeyStatus>;
  setPublicKey(publicKeyPem: string): Promise<void>;

  sendMessage(message: OutgoingMessage): Promise<SendResult>;
  createTemplate(template: TemplateDefinition): Promise<CreatedTemplate>;
}
