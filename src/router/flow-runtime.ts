import type { IdentifiedKey } from '../crypto/decrypt-request';
import type { MediaReader } from '../media/media-reader';
import type { FlowObserver } from '../metrics/flow-observer';
import type { Store } from '../store/store';
import type { TokenPolicy } from '../tokens/token-policy';
import type { RuntimeTenant } from './runtime-tenant';
import type { AnswerValidation } from './validation-mode';

/** What dispatching needs beyond the flow itself; built once by createApp. */
export interface FlowRuntime {
  /** Newest first: several while a key is rotated. */
  privateKeys: readonly IdentifiedKey[];
  validation: AnswerValidation;
  observer: FlowObserver;
  /** The tenant's view of the store: sessions, token state and the flow's own records. */
  store: Store;
  tokens: TokenPolicy;
  /**
   * The Meta app secrets: they sign requests and `flow_token_signature`; empty in development, or
   * when request signatures are off.
   */
  appSecrets: readonly string[];
  /**
   * REQUEST_SIGNATURES=off, or a tenant's `requestSignatures: 'off'`: nobody vouches for the
   * sender, so every action but ping needs a valid flow token (error notifications included).
   */
  signaturesOff: boolean;
  /** Whom requests are served for: the default tenant's runtime is built once by createApp. */
  tenant: RuntimeTenant;
  sessionTtlSeconds: number;
  /** One per app: its concurrency limit is shared by every request. */
  media: MediaReader;
  now: () => Date;
}
