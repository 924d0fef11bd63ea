import type { FlowDefinition } from '../router/define-flow';
import { bookAppointment } from './book-appointment';

/** Every flow this server serves, each at POST /flows/<name>. */
export const flows: FlowDefinition[] = [bookAppointment];
