/**
 * `flows-endpoint/testing`: test a flow's handlers the way WhatsApp calls them, sealed, signed and
 * answered by the real endpoint.
 */
export {
  createTestEndpoint,
  TEST_APP_SECRET,
  TEST_TOKEN_SECRET,
  type TestEndpoint,
  type TestEndpointOptions,
} from './create-test-endpoint';
export {
  createWhatsAppClient,
  openResponse,
  sealRequest,
  sign,
  type FlowReply,
  type RawReply,
  type SealedRequest,
  type WhatsAppClient,
  type WhatsAppClientOptions,
} from './whatsapp-client';
export { issueFlowToken } from '../tokens/issue-flow-token';
export { loadFlowsFolder } from './load-flows-folder';
export type { ProjectFlow, ProjectFlows } from '../project/load-project-flows';
