/** State a flow keeps per flow token between requests, e.g. for BACK, which carries no data. */
export interface Session {
  get<T = unknown>(name: string): Promise<T | undefined>;
  set(name: string, value: unknown): Promise<void>;
  /** Forgets everything; done by the framework when the flow completes. */
  clear(): Promise<void>;
}
