import type { Secrets } from '../lib/flow-requests';
import type { Report } from './report';

/** What every scenario gets: the secrets, the report, a temp dir. */
export interface LoadContext {
  secrets: Secrets;
  report: Report;
  /** The scenario's own temp dir: the server's cwd, its log and its SQLite file. */
  dir: string;
}

/** The server runs on this CPU, the load generator (this process) on the other. */
export const SERVER_CPU = 0;
export const LOAD_CPU = 1;
