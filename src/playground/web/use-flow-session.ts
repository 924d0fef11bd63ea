import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeviceErrorKey } from '../../device/check-answer';
import { DeviceSession } from '../../device/screen-model/device-session';
import type { FlowJson } from '../../flow-json/flow-json-schema';
import type { Api, AnswerProblem, Exchange } from './api';
import { exampleData } from './flow-types';
import { isRecord } from '../../util/is-record';

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

/**
 * One opened flow: the device's screen model (src/device) holds the screens and form values; this
 * hook sends what it asks for through the playground's API and shows what comes back.
 */
export function useFlowSession(api: Api, flow: FlowJson | undefined) {
  const device = useRef<DeviceSession | undefined>(undefined);
  const [, setVersion] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: 'closed' });
  const [busy, setBusy] = useState(false);
  const [snackbar, setSnackbar] = useState<string | undefined>();
  const [log, setLog] = useState<LogEntry[]>([]);
  const [steps, setSteps] = useState<Step[]>([]);
  const session = useRef<{ flowToken: string; messageId: string } | undefined>(undefined);
  const nextId = useRef(1);
  const refresh = () => setVersion((version) => version + 1);

  // flow.json was edited: the open screens carry on under the new document, as far as they exist.
  useEffect(() => {
    const old = device.current;
    if (!old || !flow || old.flow === flow) return;
    const reloaded = new DeviceSession(flow);
    for (const state of old.stack) if (reloaded.screen(state.id)) reloaded.stack.push(state);
    for (const [id, state] of old.visited) if (reloaded.screen(id)) reloaded.visited.set(id, state);
    device.current = reloaded;
    refresh();
  }, [flow]);

  const addLog = (entry: Omit<LogEntry, 'id' | 'at'>) => {
    const id = nextId.current++;
    setLog((entries) => [...entries, { id, at: new Date().toISOString().slice(11, 23), ...entry }]);
  };

  const complete = async (response: Record<string, unknown>) => {
    setPhase({ kind: 'completed', response });
    const sent = session.current;
    if (!sent) return;
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
  };

  /** The device refused the answer: the user sees an error, the endpoint hears why. */
  const reject = async (
    request: Exchange['request'],
    error: DeviceErrorKey,
    problems: AnswerProblem[],
  ) => {
    const errorMessage = problems
      .map((p) => `${p.screen}${p.field ? `.${p.field}` : ''} ${p.message}`)
      .join('; ');
    setPhase({ kind: 'failed', message: GENERIC_ERROR });
    const sent = session.current;
    if (!sent) return;
    const action = String(request.action);
    const screen = typeof request.screen === 'string' ? request.screen : undefined;
    setSteps((all) => [
      ...all,
      {
        action,
        ...(screen !== undefined && { screen }),
        data: { error, error_message: errorMessage },
      },
    ]);
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
  const apply = async (result: Exchange) => {
    if (result.status !== 200 || result.failure !== undefined) {
      if (result.status === 427) {
        const message =
          isRecord(result.answer) && typeof result.answer.error_msg === 'string'
            ? result.answer.error_msg
            : GENERIC_ERROR;
        setPhase({ kind: 'failed', message });
      } else {
        setSnackbar(GENERIC_ERROR);
      }
      return;
    }
    const verdict = result.verdict;
    if (verdict && !verdict.ok) {
      await reject(result.request, verdict.errorKey, verdict.problems);
      return;
    }
    const answer = isRecord(result.answer) ? result.answer : {};
    const screen = typeof answer.screen === 'string' ? answer.screen : '';
    const data = isRecord(answer.data) ? answer.data : {};
    if (screen === 'SUCCESS') {
      const response = isRecord(data.extension_message_response)
        ? data.extension_message_response
        : {};
      await complete(isRecord(response.params) ? response.params : {});
      return;
    }
    if (typeof data.error_message === 'string') setSnackbar(data.error_message);
    device.current?.showAnswer(screen, data);
    refresh();
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
      ...(isRecord(data) && { data }),
    });
    addLog({
      label: `${action}${screen ? ` ${screen}` : ''}`,
      status: result.status,
      ms: result.ms,
      request: result.request,
      answer: result.answer,
      ...(result.verdict && !result.verdict.ok && { problems: result.verdict.problems }),
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
      const opened = new DeviceSession(flow);
      device.current = opened;
      setLog([]);
      setSteps([]);
      session.current = await api.session();
      setPhase({ kind: 'open' });
      if (mode === 'navigate') {
        const entry = opened.entryScreen();
        const screen = entry === undefined ? undefined : opened.screen(entry);
        if (!screen) return;
        addLog({ label: `navigate ${screen.id} (message payload)` });
        opened.open(screen.id, exampleData(screen));
        refresh();
        return;
      }
      await apply(await send('INIT', undefined, undefined));
    });

  const run = (action: unknown) => {
    const current = device.current;
    if (!current?.current) return;
    const from = current.current.id;
    const pressed = current.press(action);
    switch (pressed.kind) {
      case 'navigate':
        if (!current.screen(pressed.screen)) {
          current.stack.pop();
          setSnackbar(`navigate: flow.json has no screen "${pressed.screen}"`);
        } else {
          addLog({ label: `navigate ${from} → ${pressed.screen}`, request: current.current.data });
        }
        refresh();
        return;
      case 'update_data':
        refresh();
        return;
      case 'open_url':
        addLog({ label: `open_url ${pressed.url} (not followed)` });
        setSnackbar(`Would open ${pressed.url}`);
        return;
      case 'complete':
        addLog({ label: `complete on ${from}`, request: pressed.payload });
        void guarded(() =>
          complete({ ...pressed.payload, flow_token: session.current?.flowToken }),
        );
        return;
      case 'data_exchange':
        void guarded(async () =>
          apply(await send('data_exchange', pressed.screen, pressed.payload)),
        );
        return;
      default:
        setSnackbar(`The playground does not run the action "${pressed.name}".`);
    }
  };

  const setValue = (name: string, value: unknown, then: readonly unknown[] = []) => {
    device.current?.setForm(name, value);
    for (const action of then) if (action !== undefined) run(action);
    refresh();
  };

  const back = () =>
    guarded(async () => {
      const current = device.current;
      // After an error the device offers only to close the flow.
      if (!current || phase.kind === 'failed') {
        setPhase({ kind: 'closed' });
        return;
      }
      const went = current.back();
      if (went.kind === 'close') setPhase({ kind: 'closed' });
      if (went.kind === 'BACK') await apply(await send('BACK', went.screen, undefined));
      refresh();
    });

  return {
    device: device.current,
    phase,
    busy,
    snackbar,
    log,
    steps,
    open,
    run,
    setValue,
    back,
    dismissSnackbar: () => setSnackbar(undefined),
    /** Back to the chat with the flow's message, to open it again. */
    close: () => setPhase({ kind: 'closed' }),
  };
}
