import type { Store } from '../store/store';
import type { TokenPolicy } from '../tokens/token-policy';
import type { AnswerValidation } from './validation-mode';

/** What dispatching needs beyond the flow itself; built once by createApp. */
export interface FlowRuntime {
  validation: AnswerValidation;
  store: Store;
  tokens: TokenPolicy;
  /** The Meta app secrets, which also sign `flow_token_signature`. */
  appSecrets: readonly string[];
  sessionTtlSeconds: number;
  now: () => Date;
}
