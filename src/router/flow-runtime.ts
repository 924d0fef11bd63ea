import type { IdentifiedKey } from '../crypto/decrypt-request';
import type { MediaReader } from '../media/media-reader';
import type { FlowObserver } from '../metrics/flow-observer';
import type { Store } from '../store/store';
import type { TokenPolicy } from '../tokens/token-policy';
import type { AnswerValidation } from './validation-mode';

/** What dispatching needs beyond the flow itself; built once by createApp. */
export interface FlowRuntime {
  /** Newest first: several while a key is rotated. */
  privateKeys: readonly IdentifiedKey[];
  validation: AnswerValidation;
  observer: FlowObserver;
  store: Store;
  tokens: TokenPolicy;
  /** The Meta app secrets: they sign requests and `flow_token_signature`; empty in development only. */
  appSecrets: readonly string[];
  sessionTtlSeconds: number;
  /** One per app: its concurrency limit is shared by every request. */
  media: MediaReader;
  now: () => Date;
}
