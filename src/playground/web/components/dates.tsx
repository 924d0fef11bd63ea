import { type Component } from '../flow-types';
import { isRecord } from '../../../util/is-record';
import { describedBy, Field } from './field';
import { fieldId, flag, text } from './props';
import type { RenderContext } from './render-context';

interface Props {
  component: Component;
  ctx: RenderContext;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Before Flow JSON 5.0 dates were millisecond timestamps; the page works in YYYY-MM-DD. */
const toIso = (value: string) =>
  ISO_DATE.test(value)
    ? value
    : /^\d+$/.test(value)
      ? new Date(Number(value)).toISOString().slice(0, 10)
      : '';

function dateRules(component: Component) {
  const unavailable = component['unavailable-dates'];
  const days = component['include-days'];
  return {
    min: toIso(text(component, 'min-date')) || undefined,
    max: toIso(text(component, 'max-date')) || undefined,
    unavailable: new Set(
      Array.isArray(unavailable) ? unavailable.map((d) => toIso(String(d))) : [],
    ),
    days: Array.isArray(days) ? new Set(days.map(String)) : undefined,
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function refusal(component: Component, date: string): string | undefined {
  if (date === '') return undefined;
  const rules = dateRules(component);
  if (rules.unavailable.has(date)) return 'This date is not available';
  if ((rules.min && date < rules.min) || (rules.max && date > rules.max))
    return 'This date is out of range';
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
  if (rules.days && !rules.days.has(weekday)) return 'This day of the week is not available';
  return undefined;
}

function DateInput(props: {
  id: string;
  name: string;
  value: string;
  ctx: RenderContext;
  component: Component;
  required: boolean;
  describedBy: string | undefined;
  onPick(date: string): void;
}) {
  const rules = dateRules(props.component);
  return (
    <input
      id={props.id}
      class="wa-input"
      type="date"
      name={props.name}
      value={props.value}
      min={rules.min}
      max={rules.max}
      required={props.required}
      disabled={!flag(props.component, 'enabled', true) || props.ctx.busy}
      aria-describedby={props.describedBy}
      onChange={(event) => props.onPick((event.currentTarget as HTMLInputElement).value)}
    />
  );
}

/** DatePicker, and CalendarPicker in single mode: one date, YYYY-MM-DD. */
export function DatePicker({ component, ctx }: Props) {
  const id = fieldId(component);
  const name = String(component.name);
  const value = ctx.form[name];
  const date = typeof value === 'string' ? value : '';
  const required = flag(component, 'required', false);
  const helper = text(component, 'helper-text') || undefined;
  const error = ctx.errors[name] ?? refusal(component, date);
  const rawLabel = component.label;
  const label = typeof rawLabel === 'string' ? rawLabel : 'Date';
  const pick = (picked: string) => {
    const ok = picked !== '' && refusal(component, picked) === undefined;
    ctx.setValue(
      name,
      picked === '' ? undefined : picked,
      ok ? [component['on-select-action']] : [],
    );
  };
  return (
    <Field id={id} label={label + (required ? '' : ' (optional)')} helper={helper} error={error}>
      <DateInput
        id={id}
        name={name}
        value={date}
        ctx={ctx}
        component={component}
        required={required}
        describedBy={describedBy(id, error, helper)}
        onPick={pick}
      />
    </Field>
  );
}

/** CalendarPicker in range mode: `{"start-date", "end-date"}`. */
export function DateRangePicker({ component, ctx }: Props) {
  const id = fieldId(component);
  const name = String(component.name);
  const value = ctx.form[name];
  const range = isRecord(value) ? value : {};
  const labels = component.label;
  const labelOf = (key: string, fallback: string) =>
    isRecord(labels) && typeof labels[key] === 'string' ? labels[key] : fallback;
  const required = flag(component, 'required', false);
  const error = ctx.errors[name];
  const set = (key: 'start-date' | 'end-date', date: string) => {
    const next = { ...range, [key]: date };
    const complete = typeof next['start-date'] === 'string' && typeof next['end-date'] === 'string';
    ctx.setValue(name, next, complete ? [component['on-select-action']] : []);
  };
  return (
    <fieldset class="wa-group" aria-describedby={describedBy(id, error)}>
      <legend class="wa-label">{text(component, 'title') || name}</legend>
      {text(component, 'description') && <p class="wa-helper">{text(component, 'description')}</p>}
      {(['start-date', 'end-date'] as const).map((key) => (
        <Field
          id={`${id}-${key}`}
          label={labelOf(key, key === 'start-date' ? 'Start date' : 'End date')}
        >
          <DateInput
            id={`${id}-${key}`}
            name={`${name}.${key}`}
            value={typeof range[key] === 'string' ? range[key] : ''}
            ctx={ctx}
            component={component}
            required={required}
            describedBy={undefined}
            onPick={(date) => set(key, date)}
          />
        </Field>
      ))}
      {error && (
        <p class="wa-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
