/**
 * The public API of `flows-endpoint`: what a flow and an embedding application import. Everything
 * else in the package is internal and may change between versions.
 */
export {
  defineFlow,
  type BackContext,
  type BaseContext,
  type CompletionContext,
  type CompletionParams,
  type ErrorNotification,
  type ExchangeContext,
  type FlowBase,
  type FlowDefinition,
  type FlowSpec,
  type InitContext,
  type ScreenHandlers,
  type TenantContext,
  type TenantSettings,
  type WithSettings,
  type TypedFlowDefinition,
} from './flow-definition/define-flow';
export type { FlowAnswer } from './flow-definition/answers';
export type { Logger } from 'pino';
export type {
  FlowCommand,
  FlowCommandContext,
  FlowCommandOption,
  FlowDeps,
  FlowExport,
} from './project/flow-module';
export { createApp, type App, type AppDeps } from './app/create-app';
export type { Store } from './store/store';
export { createStore } from './store/create-store';
export { createMemoryStore } from './store/memory-store';
export { storedJson, type LogSource, type StoredJson } from './store/stored-json';
export { tokenKey } from './tokens/token-key';
export { issueFlowToken, type IssueFlowTokenOptions } from './tokens/issue-flow-token';
export type { TokenCheck } from './tokens/token-policy';
export { MediaError } from './media/media-error';
export type { MediaFile, MediaOptions, MediaReader, SavedMedia } from './media/media-reader';
export { csvLine } from './cli/csv';
