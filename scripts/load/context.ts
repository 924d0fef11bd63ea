import type { Secrets } from './prepared-requests';
import type { Report } from './report';

/** What every scenario gets: the secrets, the server's environment, the report, a temp dir. */
export interface LoadContext {
  secrets: Secrets;
  /** APP_SECRET, FLOW_TOKEN_SECRET and PRIVATE_KEY, as the server reads them. */
  serverEnv: Record<string, string>;
  report: Report;
  /** The scenario's own temp dir: the server's cwd, its log and its SQLite file. */
  dir: string;
}

/** The server runs on this CPU, the load generator (this process) on the other. */
export const SERVER_CPU = 0;
export const LOAD_CPU = 1;
