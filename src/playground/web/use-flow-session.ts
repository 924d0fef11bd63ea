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
    device.current = reloaded(old, flow);
    refresh();
  }, [flow]);

  const addLog = (entry: Omit<LogEntry, 'id' | 'at'>) => {
    const id = nextId.current++;
    setLog((entries) => [...entries, { id, at: new Date().toISOString().slice(11, 23), ...entry }]);
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

  const ctx: SessionContext = {
    api,
    device,
    session,
    setPhase,
    setSnackbar,
    setSteps,
    addLog,
    refresh,
    guarded,
  };

  const open = (mode: OpenMode) =>
    guarded(async () => {
      if (!flow) return;
      setLog([]);
      setSteps([]);
      await openFlow(ctx, flow, mode);
    });

  const setValue = (name: string, value: unknown, then: readonly unknown[] = []) => {
    device.current?.setForm(name, value);
    for (const action of then) if (action !== undefined) run(ctx, action);
    refresh();
  };

  const back = () => guarded(() => goBack(ctx, phase));

  return {
    device: device.current,
    phase,
    busy,
    snackbar,
    log,
    steps,
    open,
    run: (action: unknown) => run(ctx, action),
    setValue,
    back,
    dismissSnackbar: () => setSnackbar(undefined),
    /** Back to the chat with the flow's message, to open it again. */
    close: () => setPhase({ kind: 'closed' }),
  };
}

/** What the session's steps read and change: the device, the session and the page's state. */
interface SessionContext {
  api: Api;
  device: { current: DeviceSession | undefined };
  session: { current: { flowToken: string; messageId: string } | undefined };
  setPhase: (phase: Phase) => void;
  setSnackbar: (message: string | undefined) => void;
  setSteps: (update: (all: Step[]) => Step[]) => void;
  addLog: (entry: Omit<LogEntry, 'id' | 'at'>) => void;
  refresh: () => void;
  /** Runs a step with the page busy; a failure is logged and shown, never thrown. */
  guarded: (work: () => Promise<void>) => Promise<void>;
}

/** The open screens under an edited flow.json, as far as they still exist. */
function reloaded(old: DeviceSession, flow: FlowJson): DeviceSession {
  const next = new DeviceSession(flow);
  for (const state of old.stack) if (next.screen(state.id)) next.stack.push(state);
  for (const [id, state] of old.visited) if (next.screen(id)) next.visited.set(id, state);
  return next;
}

/** As the message opens it: INIT to the endpoint, or (navigate) the entry screen with example data. */
async function openFlow(ctx: SessionContext, flow: FlowJson, mode: OpenMode): Promise<void> {
  const opened = new DeviceSession(flow);
  ctx.device.current = opened;
  ctx.session.current = await ctx.api.session();
  ctx.setPhase({ kind: 'open' });
  if (mode === 'navigate') {
    const entry = opened.entryScreen();
    const screen = entry === undefined ? undefined : opened.screen(entry);
    if (!screen) return;
    ctx.addLog({ label: `navigate ${screen.id} (message payload)` });
    opened.open(screen.id, exampleData(screen));
    ctx.refresh();
    return;
  }
  await apply(ctx, await send(ctx, 'INIT', undefined, undefined));
}

/** Back, locally or asking the endpoint; after an error the device offers only to close the flow. */
async function goBack(ctx: SessionContext, phase: Phase): Promise<void> {
  const current = ctx.device.current;
  if (!current || phase.kind === 'failed') {
    ctx.setPhase({ kind: 'closed' });
    return;
  }
  const went = current.back();
  if (went.kind === 'close') ctx.setPhase({ kind: 'closed' });
  if (went.kind === 'BACK') await apply(ctx, await send(ctx, 'BACK', went.screen, undefined));
  ctx.refresh();
}

async function complete(ctx: SessionContext, response: Record<string, unknown>): Promise<void> {
  ctx.setPhase({ kind: 'completed', response });
  const sent = ctx.session.current;
  if (!sent) return;
  const delivery = await ctx.api.complete({ messageId: sent.messageId, response });
  ctx.addLog({
    label: 'nfm_reply → webhook',
    status: delivery.status,
    ms: delivery.ms,
    request: delivery.webhook,
    answer: delivery.answer,
    ...(delivery.failure !== undefined && { failure: delivery.failure }),
  });
  ctx.setPhase({
    kind: 'completed',
    response,
    delivery:
      delivery.failure ??
      (delivery.status < 300
        ? `Completion delivered to the webhook (${delivery.status}).`
        : `The webhook answered ${delivery.status}.`),
  });
}

/** The device refused the answer: the user sees an error, the endpoint hears why. */
async function reject(
  ctx: SessionContext,
  request: Exchange['request'],
  error: DeviceErrorKey,
  problems: AnswerProblem[],
): Promise<void> {
  const errorMessage = problems
    .map((p) => `${p.screen}${p.field ? `.${p.field}` : ''} ${p.message}`)
    .join('; ');
  ctx.setPhase({ kind: 'failed', message: GENERIC_ERROR });
  const sent = ctx.session.current;
  if (!sent) return;
  const action = String(request.action);
  const screen = typeof request.screen === 'string' ? request.screen : undefined;
  ctx.setSteps((all) => [
    ...all,
    {
      action,
      ...(screen !== undefined && { screen }),
      data: { error, error_message: errorMessage },
    },
  ]);
  const result = await ctx.api.notify({
    flowToken: sent.flowToken,
    action,
    screen,
    error,
    errorMessage,
  });
  ctx.addLog({
    label: `error notification (${error})`,
    status: result.status,
    ms: result.ms,
    request: result.request,
    answer: result.answer,
  });
}

/** An answer from the endpoint, applied as the device applies it. */
async function apply(ctx: SessionContext, result: Exchange): Promise<void> {
  if (result.status !== 200 || result.failure !== undefined) {
    if (result.status === 427) {
      const message =
        isRecord(result.answer) && typeof result.answer.error_msg === 'string'
          ? result.answer.error_msg
          : GENERIC_ERROR;
      ctx.setPhase({ kind: 'failed', message });
    } else {
      ctx.setSnackbar(GENERIC_ERROR);
    }
    return;
  }
  const verdict = result.verdict;
  if (verdict && !verdict.ok) {
    await reject(ctx, result.request, verdict.errorKey, verdict.problems);
    return;
  }
  const answer = isRecord(result.answer) ? result.answer : {};
  const screen = typeof answer.screen === 'string' ? answer.screen : '';
  const data = isRecord(answer.data) ? answer.data : {};
  if (screen === 'SUCCESS') {
    const response = isRecord(data.extension_message_response)
      ? data.extension_message_response
      : {};
    await complete(ctx, isRecord(response.params) ? response.params : {});
    return;
  }
  if (typeof data.error_message === 'string') ctx.setSnackbar(data.error_message);
  ctx.device.current?.showAnswer(screen, data);
  ctx.refresh();
}

async function send(
  ctx: SessionContext,
  action: string,
  screen: string | undefined,
  data: unknown,
): Promise<Exchange> {
  const sent = ctx.session.current;
  if (!sent) throw new Error('no session');
  ctx.setSteps((all) => [
    ...all,
    { action, ...(screen !== undefined && { screen }), ...(data !== undefined && { data }) },
  ]);
  const result = await ctx.api.exchange({
    flowToken: sent.flowToken,
    action,
    ...(screen !== undefined && { screen }),
    ...(isRecord(data) && { data }),
  });
  ctx.addLog({
    label: `${action}${screen ? ` ${screen}` : ''}`,
    status: result.status,
    ms: result.ms,
    request: result.request,
    answer: result.answer,
    ...(result.verdict && !result.verdict.ok && { problems: result.verdict.problems }),
    ...(result.failure !== undefined && { failure: result.failure }),
  });
  return result;
}

/** Runs an action the user pressed, as the device runs it. */
function run(ctx: SessionContext, action: unknown): void {
  const current = ctx.device.current;
  if (!current?.current) return;
  const from = current.current.id;
  const pressed = current.press(action);
  switch (pressed.kind) {
    case 'navigate':
      if (!current.screen(pressed.screen)) {
        current.stack.pop();
        ctx.setSnackbar(`navigate: flow.json has no screen "${pressed.screen}"`);
      } else {
        ctx.addLog({
          label: `navigate ${from} → ${pressed.screen}`,
          request: current.current.data,
        });
      }
      ctx.refresh();
      return;
    case 'update_data':
      ctx.refresh();
      return;
    case 'open_url':
      ctx.addLog({ label: `open_url ${pressed.url} (not followed)` });
      ctx.setSnackbar(`Would open ${pressed.url}`);
      return;
    case 'complete':
      ctx.addLog({ label: `complete on ${from}`, request: pressed.payload });
      void ctx.guarded(() =>
        complete(ctx, { ...pressed.payload, flow_token: ctx.session.current?.flowToken }),
      );
      return;
    case 'data_exchange':
      void ctx.guarded(async () =>
        apply(ctx, await send(ctx, 'data_exchange', pressed.screen, pressed.payload)),
      );
      return;
    default:
      ctx.setSnackbar(`The playground does not run the action "${pressed.name}".`);
  }
}
