import type { FlowJson, FlowScreen } from '../../flow-json/flow-json-schema';
import { isRecord } from '../../util/is-record';
import { readPath, type Reference, type ReferenceLookup } from '../../flow-json/reference';
import { flattenRendered, renderScreen, type RenderedComponent } from './render-screen';
import { resolveValue } from './resolve-value';

/** One screen as the device holds it: the data it was given and what the user entered. */
export interface ScreenState {
  id: string;
  data: Record<string, unknown>;
  form: Record<string, unknown>;
}

/** What pressing an action does on the device. */
export type Pressed =
  | { kind: 'navigate'; screen: string }
  | { kind: 'data_exchange'; screen: string; payload: Record<string, unknown> }
  | { kind: 'complete'; payload: Record<string, unknown> }
  | { kind: 'update_data' }
  | { kind: 'open_url'; url: string }
  | { kind: 'unknown'; name: string };

/** What pressing back does: close the flow, go back locally, or ask the endpoint (refresh_on_back). */
export type Back =
  { kind: 'close' } | { kind: 'local'; screen: string } | { kind: 'BACK'; screen: string };

/** Components that hold a value in the form; Form and NavigationList carry names but no value. */
export const INPUT_TYPES: ReadonlySet<string> = new Set([
  'TextInput',
  'TextArea',
  'CheckboxGroup',
  'RadioButtonsGroup',
  'Dropdown',
  'ChipsSelector',
  'DatePicker',
  'CalendarPicker',
  'OptIn',
  'PhotoPicker',
  'DocumentPicker',
]);

/**
 * The device's side of a running flow: a back stack of screens with their data and form values,
 * and the last state of every visited screen for `${screen.X.…}` references (empty until visited).
 * No I/O: what to send is returned, and the endpoint's answer is given back with `showAnswer`.
 */
export class DeviceSession {
  readonly stack: ScreenState[] = [];
  readonly visited = new Map<string, ScreenState>();
  private readonly screens: ReadonlyMap<string, FlowScreen>;

  constructor(readonly flow: FlowJson) {
    this.screens = new Map(flow.screens.map((screen) => [screen.id, screen]));
  }

  /** The screen on top of the back stack; undefined before the first screen is shown. */
  get current(): ScreenState | undefined {
    return this.stack.at(-1);
  }

  screen(id: string): FlowScreen | undefined {
    return this.screens.get(id);
  }

  /** The screen a flow without an endpoint answer starts on: the one no route leads to. */
  entryScreen(): string | undefined {
    const routes = this.flow.routing_model;
    if (routes) {
      const targets = new Set(Object.values(routes).flat());
      const entry = this.flow.screens.find((screen) => !targets.has(screen.id));
      if (entry) return entry.id;
    }
    return this.flow.screens[0]?.id;
  }

  /** Reads a reference from the current screen (or the named one). */
  lookup: ReferenceLookup = (reference: Reference) => {
    const state =
      reference.screen === undefined ? this.current : this.visited.get(reference.screen);
    return state ? readPath(state[reference.source], reference.path) : undefined;
  };

  /** Shows a screen on top of the stack with this data; its form starts from its init values. */
  open(id: string, data: Record<string, unknown>): ScreenState {
    const state: ScreenState = { id, data: { ...data }, form: {} };
    this.stack.push(state);
    this.visited.set(id, state);
    state.form = this.initialForm();
    return state;
  }

  /**
   * The endpoint's (already checked) answer: the same screen keeps its form and takes the new
   * data over the old (an answer with only `error_message` leaves the rest as it was), another
   * screen is opened on top.
   */
  showAnswer(screen: string, data: Record<string, unknown>): ScreenState {
    const current = this.current;
    if (current && current.id === screen) {
      // The snackbar text is shown once, not kept as data.
      const rest = Object.fromEntries(
        Object.entries(data).filter(([key]) => key !== 'error_message'),
      );
      current.data = { ...current.data, ...rest };
      return current;
    }
    return this.open(screen, data);
  }

  /** The current screen's components as they are now shown. */
  render(): RenderedComponent[] {
    const current = this.current;
    const screen = current && this.screens.get(current.id);
    return screen ? renderScreen(screen, this.lookup) : [];
  }

  /** The current screen's shown inputs, with their resolved properties. */
  inputs(): RenderedComponent[] {
    return flattenRendered(this.render()).filter(
      (component) => component.name !== undefined && INPUT_TYPES.has(component.type),
    );
  }

  /**
   * Shown, enabled inputs marked required (a picker: with a minimum of files) that hold no value
   * yet: the Footer stays disabled.
   */
  missingRequired(): string[] {
    const form = this.current?.form ?? {};
    return this.inputs()
      .filter((input) => isRequired(input) && input.props.enabled !== false)
      .filter((input) => isEmpty(form[input.name ?? '']))
      .map((input) => input.name ?? '');
  }

  setForm(name: string, value: unknown): void {
    const current = this.current;
    if (!current) return;
    if (value === undefined) delete current.form[name];
    else current.form[name] = value;
  }

  /**
   * A user's choice in an input: sets its value and fires what the device fires, in order: each
   * data-source item's `on-unselect-action` / `on-select-action` (update_data, 6.0+), then the
   * input's own `on-unselect-action` when a value was taken away and it has one, else its
   * `on-select-action`. What they do is returned; a `data_exchange` among them is for the caller
   * to send.
   */
  select(name: string, value: unknown): Pressed[] {
    const input = this.inputs().find((candidate) => candidate.name === name);
    const before = this.current?.form[name];
    this.setForm(name, value);
    if (!input) return [];
    const fired: Pressed[] = [];
    const source = input.props['data-source'];
    if (Array.isArray(source)) {
      const was = new Set(selectedIds(before));
      const now = new Set(selectedIds(value));
      for (const item of source) {
        if (!isRecord(item) || typeof item.id !== 'string') continue;
        const key =
          was.has(item.id) && !now.has(item.id)
            ? 'on-unselect-action'
            : !was.has(item.id) && now.has(item.id)
              ? 'on-select-action'
              : undefined;
        if (key && item[key] !== undefined) fired.push(this.press(item[key]));
      }
    }
    const removed =
      selectedIds(before).some((id) => !selectedIds(value).includes(id)) ||
      (before === true && value !== true);
    const own =
      removed && input.actions['on-unselect-action'] !== undefined
        ? input.actions['on-unselect-action']
        : input.actions['on-select-action'];
    if (own !== undefined) fired.push(this.press(own));
    return fired;
  }

  /**
   * Presses an action of the current screen: `navigate` and `update_data` happen on the device,
   * `data_exchange` returns what to send, `complete` what the flow finishes with.
   */
  press(action: unknown): Pressed {
    const current = this.current;
    if (!isRecord(action) || typeof action.name !== 'string' || !current) {
      return { kind: 'unknown', name: String(isRecord(action) ? action.name : action) };
    }
    const payload = this.resolvePayload(action.payload);
    switch (action.name) {
      case 'navigate': {
        const next = isRecord(action.next) ? action.next.name : undefined;
        if (typeof next !== 'string') return { kind: 'unknown', name: 'navigate' };
        this.open(next, payload);
        return { kind: 'navigate', screen: next };
      }
      case 'data_exchange':
        return { kind: 'data_exchange', screen: current.id, payload };
      case 'complete':
        return { kind: 'complete', payload };
      case 'update_data':
        current.data = { ...current.data, ...payload };
        return { kind: 'update_data' };
      case 'open_url':
        return { kind: 'open_url', url: typeof action.url === 'string' ? action.url : '' };
      default:
        return { kind: 'unknown', name: action.name };
    }
  }

  /**
   * Presses back. The server's reading of `refresh_on_back` (src/router/can-send.ts) is that the
   * BACK request names the screen returned to, which carries the flag; the device then waits for
   * the endpoint's answer for that screen.
   */
  back(): Back {
    if (this.stack.length <= 1) {
      this.stack.pop();
      return { kind: 'close' };
    }
    this.stack.pop();
    const target = this.current?.id ?? '';
    return this.screens.get(target)?.refresh_on_back === true
      ? { kind: 'BACK', screen: target }
      : { kind: 'local', screen: target };
  }

  /** Resolves a payload; values that resolve to nothing (an unset input) are not sent. */
  private resolvePayload(payload: unknown): Record<string, unknown> {
    const resolved = resolveValue(payload ?? {}, this.lookup);
    if (!isRecord(resolved)) return {};
    return Object.fromEntries(Object.entries(resolved).filter(([, value]) => value !== undefined));
  }

  /** A Form's `init-values` and component `init-value`s, resolved against the screen's data. */
  private initialForm(): Record<string, unknown> {
    const form: Record<string, unknown> = {};
    for (const component of flattenRendered(this.render())) {
      const initValues = component.props['init-values'];
      if (component.type === 'Form' && isRecord(initValues)) {
        for (const [name, value] of Object.entries(initValues)) {
          if (value !== undefined) form[name] = value;
        }
      }
      const initValue = component.props['init-value'];
      if (component.name !== undefined && initValue !== undefined) form[component.name] = initValue;
    }
    return form;
  }
}

const isRequired = (input: RenderedComponent) =>
  input.props.required === true ||
  (typeof input.props['min-uploaded-photos'] === 'number' &&
    input.props['min-uploaded-photos'] > 0) ||
  (typeof input.props['min-uploaded-documents'] === 'number' &&
    input.props['min-uploaded-documents'] > 0);

/** The ids a selection holds: one for a Dropdown or radio group, several for checkboxes. */
const selectedIds = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((id) => typeof id === 'string')
      : [];

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  value === false ||
  (Array.isArray(value) && value.length === 0);
