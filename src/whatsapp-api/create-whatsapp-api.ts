import { createCloudApi } from './cloud-api';
import { createDialog360Api } from './dialog360-api';
import type { WhatsAppApiConfig } from './whatsapp-api-config';
import type { WhatsAppApi } from './whatsapp-api';

/** The client for the provider the configuration names. */
export function createWhatsAppApi(config: WhatsAppApiConfig): WhatsAppApi {
  return config.provider === 'cloud' ? createCloudApi(config) : createDialog360Api(config);
}
