import { useState } from 'preact/hooks';
import type { Component } from '../flow-types';
import { inputProblem } from '../screen-model';
import { describedBy, Field } from './field';
import { fieldId, flag, text } from './props';
import type { RenderContext } from './render-context';

const HTML_TYPES: Record<string, string> = {
  text: 'text',
  number: 'text',
  email: 'email',
  password: 'password',
  passcode: 'password',
  phone: 'tel',
};
const MODES: Record<string, string> = { number: 'decimal', passcode: 'numeric', phone: 'tel' };

export function TextEntry({ component, ctx }: { component: Component; ctx: RenderContext }) {
  const id = fieldId(component);
  const [touched, setTouched] = useState(false);
  const name = String(component.name);
  const value = ctx.form[name];
  const stringValue = typeof value === 'string' ? value : '';
  const required = flag(component, 'required', false);
  const label = text(component, 'label') + (required ? '' : ' (optional)');
  const helper = text(component, 'helper-text') || undefined;
  const error = ctx.errors[name] ?? (touched ? inputProblem(component, value) : undefined);
  const enabled = flag(component, 'enabled', true);
  const large = text(component, 'label-variant') === 'large';
  const onInput = (event: Event) =>
    ctx.setValue(name, (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value);
  const common = {
    id,
    name,
    value: stringValue,
    disabled: !enabled,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, error, helper),
    onInput,
    onBlur: () => setTouched(true),
  };
  if (component.type === 'TextArea') {
    const maxLength = Number(text(component, 'max-length') || 600);
    return (
      <Field id={id} label={label} helper={helper} error={error} large={large}>
        <textarea class="wa-input" rows={3} maxLength={maxLength} {...common} />
        <span class="wa-counter" aria-hidden="true">
          {stringValue.length}/{maxLength}
        </span>
      </Field>
    );
  }
  const type = text(component, 'input-type') || 'text';
  const maxChars = Number(text(component, 'max-chars') || 80);
  return (
    <Field id={id} label={label} helper={helper} error={error} large={large}>
      <input
        class="wa-input"
        type={HTML_TYPES[type] ?? 'text'}
        inputMode={MODES[type] as 'decimal' | 'numeric' | 'tel' | undefined}
        maxLength={maxChars}
        autoComplete={type === 'email' ? 'email' : type === 'phone' ? 'tel' : 'off'}
        {...common}
      />
    </Field>
  );
}
