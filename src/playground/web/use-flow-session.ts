import { useRef, useState } from 'preact/hooks';
import type { Api, AnswerProblem, Exchange } from './api';
import { resolve, type Scope, type ScreenValues } from './expression';
import {
  asAction,
  entryScreen,
  exampleData,
  isObject,
  type Action,
  type FlowDocument,
  type FlowScreen,
} from './flow-types';
import { initialForm } from './screen-model';

export interface ScreenState extends ScreenValues {
  id: string;
}

export type Phase =
  | { kind: 'closed' }
  | { kind: 'open' }
  | { kind: 'completed'; response: Record<string, unknown>; delivery?: string }
  | { kind: 'failed'; message: string };

export interface LogEntry {
  id: number;
  label: string;
  at: string;
  status?: number;
  ms?: number;
  request?: unknown;
  answer?: unknown;
  problems?: AnswerProblem[];
  failure?: string;
}

/** A step of `flows simulate --steps`: what the device sent. */
export interface Step {
  action: string;
  screen?: string;
  data?: unknown;
}

export type OpenMode = 'data_exchange' | 'navigate';

const GENERIC_ERROR = 'Something went wrong. Please try again later.';

/** The device's side of one opened flow: the screen stack, form values, requests and answers. */
export function useFlowSession(api: Api, flow: FlowDocument | undefined) {
  const [stack, setStack] = useState<ScreenState[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'closed' });
  const [busy, setBusy] = useState(false);
  const [snackbar, setSnackbar] = useState<string | undefined>();
  const [log, setLog] = useState<LogEntry[]>([]);
  const [steps, setSteps] = useState<Step[]>([]);
  const session = useRef<{ flowToken: string; messageId: string } | undefined>(undefined);
  const visited = useRef<Record<string, ScreenValues>>({});
  const nextId = useRef(1);

  const screenOf = (id: string): FlowScreen | undefined => flow?.screens.find((s) => s.id === id);
  const current = stack[stack.length - 1];

  const scopeFor = (state: ScreenValues, all = visited.current): Scope => ({
    data: state.data,
    form: state.form,
    screens: all,
  });

  const enter = (id: string, data: Record<string, unknown>): ScreenState => {
    const components = screenOf(id)?.layout?.children ?? [];
    const form = initialForm(components, scopeFor({ data, form: {} }));
    const state = { id, data, form };
    visited.current = { ...visited.current, [id]: state };
    return state;
  };

  const addLog = (entry: Omit<LogEntry, 'id' | 'at'>) => {
    const id = nextId.current++;
    setLog((entries) => [...entries, { id, at: new Date().toISOString().slice(11, 23), ...entry }]);
  };

  const replaceTop = (states: ScreenState[]) => {
    setStack(states);
    const top = states[states.length - 1];
    if (top) visited.current = { ...visited.current, [top.id]: top };
  };

  const complete = async (response: Record<string, unknown>) => {
    setPhase({ kind: 'completed', response });
    const sent = session.current;
    if (!sent) return;
    try {
      const delivery = await api.complete({ messageId: sent.messageId, response });
      addLog({
        label: 'nfm_reply → webhook',
        status: delivery.status,
        ms: delivery.ms,
        request: delivery.webhook,
        answer: delivery.answer,
        ...(delivery.failure !== undefined && { failure: delivery.failure }),
      });
      setPhase({
        kind: 'completed',
        response,
        delivery:
          delivery.failure ??
          (delivery.status < 300
            ? `Completion delivered to the webhook (${delivery.status}).`
            : `The webhook answered ${delivery.status}.`),
      });
    } catch (err) {
      setPhase({ kind: 'completed', response, delivery: String(err) });
    }
  };

  /** The device's checks failed: the user sees an error, the endpoint hears why. */
  const reject = async (request: Exchange['request'], problems: AnswerProblem[]) => {
    const routing = problems.some((problem) => problem.message.includes('routing_model'));
    const error = routing ? 'invalid-screen-transition' : 'payload-schema-error';
    const errorMessage = problems
      .map((p) => `${p.screen}${p.field ? `.${p.field}` : ''} ${p.message}`)
      .join('; ');
    setPhase({ kind: 'failed', message: GENERIC_ERROR });
    const sent = session.current;
    if (!sent) return;
    const action = String(request.action);
    const screen = typeof request.screen === 'string' ? request.screen : undefined;
    setSteps((all) => [...all, { action, screen, data: { error, error_message: errorMessage } }]);
    const result = await api.notify({
      flowToken: sent.flowToken,
      action,
      screen,
      error,
      errorMessage,
    });
    addLog({
      label: `error notification (${error})`,
      status: result.status,
      ms: result.ms,
      request: result.request,
      answer: result.answer,
    });
  };

  /** An answer from the endpoint, applied as the device applies it. */
  const apply = async (result: Exchange, states: ScreenState[], refreshing?: ScreenState) => {
    if (result.status !== 200 || result.failure) {
      if (result.status === 427) {
        const message =
          isObject(result.answer) && typeof result.answer.error_msg === 'string'
            ? result.answer.error_msg
            : GENERIC_ERROR;
        setPhase({ kind: 'failed', message });
      } else {
        setSnackbar(GENERIC_ERROR);
      }
      return;
    }
    if (result.problems && result.problems.length > 0) {
      await reject(result.request, result.problems);
      return;
    }
    const answer = isObject(result.answer) ? result.answer : {};
    const screen = typeof answer.screen === 'string' ? answer.screen : '';
    const data = isObject(answer.data) ? answer.data : {};
    if (screen === 'SUCCESS') {
      const response = isObject(data.extension_message_response)
        ? data.extension_message_response
        : {};
      await complete(isObject(response.params) ? response.params : {});
      return;
    }
    const { error_message: errorMessage, ...screenData } = data;
    if (typeof errorMessage === 'string') setSnackbar(errorMessage);
    const top = refreshing ?? states[states.length - 1];
    if (top && top.id === screen) {
      replaceTop([...states.slice(0, -1), { ...top, data: { ...top.data, ...screenData } }]);
    } else {
      replaceTop([...states, enter(screen, screenData)]);
    }
  };

  const send = async (action: string, screen: string | undefined, data: unknown) => {
    const sent = session.current;
    if (!sent) throw new Error('no session');
    setSteps((all) => [
      ...all,
      { action, ...(screen !== undefined && { screen }), ...(data !== undefined && { data }) },
    ]);
    const result = await api.exchange({
      flowToken: sent.flowToken,
      action,
      ...(screen !== undefined && { screen }),
      ...(isObject(data) && { data }),
    });
    addLog({
      label: `${action}${screen ? ` ${screen}` : ''}`,
      status: result.status,
      ms: result.ms,
      request: result.request,
      answer: result.answer,
      ...(result.problems && { problems: result.problems }),
      ...(result.failure !== undefined && { failure: result.failure }),
    });
    return result;
  };

  const guarded = async (work: () => Promise<void>) => {
    setBusy(true);
    setSnackbar(undefined);
    try {
      await work();
    } catch (err) {
      addLog({
        label: 'playground error',
        failure: err instanceof Error ? err.message : String(err),
      });
      setSnackbar(GENERIC_ERROR);
    } finally {
      setBusy(false);
    }
  };

  const open = (mode: OpenMode) =>
    guarded(async () => {
      if (!flow) return;
      visited.current = {};
      setLog([]);
      setSteps([]);
      setStack([]);
      session.current = await api.session();
      setPhase({ kind: 'open' });
      if (mode === 'navigate') {
        const entry = entryScreen(flow);
        if (!entry) return;
        addLog({ label: `navigate ${entry.id} (message payload)` });
        replaceTop([enter(entry.id, exampleData(entry))]);
        return;
      }
      await apply(await send('INIT', undefined, undefined), []);
    });

  const run = (action: Action | undefined, form?: Record<string, unknown>) => {
    if (!action || !current) return;
    const state = form ? { ...current, form } : current;
    const scope = scopeFor(state, { ...visited.current, [state.id]: state });
    const payload = resolve(action.payload ?? {}, scope);
    const states = [...stack.slice(0, -1), state];
    switch (action.name) {
      case 'navigate': {
        const next = action.next?.name;
        if (!next || !screenOf(next)) {
          setSnackbar(`navigate: no screen "${next ?? ''}"`);
          return;
        }
        addLog({ label: `navigate ${state.id} → ${next}`, request: payload });
        replaceTop([...states, enter(next, isObject(payload) ? payload : {})]);
        return;
      }
      case 'update_data':
        replaceTop([
          ...states.slice(0, -1),
          { ...state, data: { ...state.data, ...(isObject(payload) ? payload : {}) } },
        ]);
        return;
      case 'open_url':
        addLog({ label: `open_url ${action.url ?? ''} (not followed)` });
        setSnackbar(`Would open ${action.url ?? ''}`);
        return;
      case 'complete':
        addLog({ label: `complete on ${state.id}`, request: payload });
        void guarded(() =>
          complete({
            ...(isObject(payload) ? payload : {}),
            flow_token: session.current?.flowToken,
          }),
        );
        return;
      case 'data_exchange':
        void guarded(async () => apply(await send('data_exchange', state.id, payload), states));
        return;
      default:
        setSnackbar(`The playground does not run the action "${action.name}".`);
    }
  };

  const setValue = (name: string, value: unknown, then: readonly unknown[] = []) => {
    if (!current) return;
    const form = { ...current.form, [name]: value };
    const updated = { ...current, form };
    replaceTop([...stack.slice(0, -1), updated]);
    for (const action of then) {
      const parsed = asAction(action);
      if (parsed) run(parsed, form);
    }
  };

  const back = () =>
    guarded(async () => {
      if (stack.length <= 1) {
        setPhase({ kind: 'closed' });
        setStack([]);
        return;
      }
      const states = stack.slice(0, -1);
      const target = states[states.length - 1];
      if (target && screenOf(target.id)?.refresh_on_back && flow?.data_api_version) {
        setStack(states);
        await apply(await send('BACK', target.id, undefined), states, target);
      } else {
        replaceTop(states);
      }
    });

  return {
    stack,
    current,
    phase,
    busy,
    snackbar,
    log,
    steps,
    scope: current ? scopeFor(current) : undefined,
    open,
    run: (action: Action | undefined) => run(action),
    setValue,
    back,
    dismissSnackbar: () => setSnackbar(undefined),
  };
}
