import type { Component } from '../flow-types';
import { describedBy, Field } from './field';
import { fieldId, flag, options, text, type Option } from './props';
import type { RenderContext } from './render-context';

interface Props {
  component: Component;
  ctx: RenderContext;
}

/** The actions a change fires: the item's own (update_data), then the component's. */
function actionsFor(component: Component, option: Option | undefined, selected: boolean) {
  const own = selected ? option?.onSelect : option?.onUnselect;
  const unselect = component['on-unselect-action'];
  const componentAction = selected
    ? component['on-select-action']
    : (unselect ?? component['on-select-action']);
  return [own, componentAction].filter((action) => action !== undefined);
}

function OptionImage({ option }: { option: Option }) {
  return option.image ? (
    <img class="wa-option-image" src={option.image} alt={option.altText ?? ''} />
  ) : null;
}

function useField(component: Component, ctx: RenderContext) {
  const id = fieldId(component);
  const name = String(component.name);
  const required = flag(component, 'required', false);
  return {
    id,
    name,
    required,
    enabled: flag(component, 'enabled', true),
    label: text(component, 'label') + (required ? '' : ' (optional)'),
    description: text(component, 'description') || undefined,
    error: ctx.errors[name],
    items: options(component),
  };
}

export function Dropdown({ component, ctx }: Props) {
  const field = useField(component, ctx);
  const value = ctx.form[field.name];
  const onChange = (event: Event) => {
    const id = (event.currentTarget as HTMLSelectElement).value;
    const option = field.items.find((item) => item.id === id);
    ctx.setValue(field.name, id === '' ? undefined : id, actionsFor(component, option, id !== ''));
  };
  return (
    <Field id={field.id} label={field.label} error={field.error}>
      <select
        id={field.id}
        class="wa-input wa-select"
        name={field.name}
        disabled={!field.enabled || ctx.busy}
        required={field.required}
        aria-describedby={describedBy(field.id, field.error)}
        onChange={onChange}
      >
        <option value="" selected={value === undefined}>
          Select…
        </option>
        {field.items.map((item) => (
          <option value={item.id} disabled={!item.enabled} selected={value === item.id}>
            {item.title}
            {item.description ? ` · ${item.description}` : ''}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** RadioButtonsGroup and CheckboxGroup: a fieldset whose legend names the group. */
export function ChoiceGroup({ component, ctx }: Props) {
  const field = useField(component, ctx);
  const multiple = component.type !== 'RadioButtonsGroup';
  const value = ctx.form[field.name];
  const selected = new Set(
    Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [],
  );
  const max = Number(text(component, 'max-selected-items') || Infinity);
  const toggle = (option: Option, checked: boolean) => {
    if (!multiple) {
      ctx.setValue(field.name, option.id, actionsFor(component, option, true));
      return;
    }
    const next = checked
      ? [...selected, option.id]
      : [...selected].filter((id) => id !== option.id);
    ctx.setValue(field.name, next, actionsFor(component, option, checked));
  };
  const chips = component.type === 'ChipsSelector';
  return (
    <fieldset
      class={`wa-group${chips ? ' wa-chips' : ''}`}
      disabled={!field.enabled || ctx.busy}
      aria-describedby={describedBy(field.id, field.error, field.description)}
    >
      <legend class="wa-label">{field.label}</legend>
      {field.description && (
        <p class="wa-helper" id={`${field.id}-helper`}>
          {field.description}
        </p>
      )}
      {field.items.map((option, index) => {
        const checked = selected.has(option.id);
        const inputId = `${field.id}-${index}`;
        return (
          <label class={`wa-choice${checked ? ' wa-choice-on' : ''}`} for={inputId}>
            <OptionImage option={option} />
            <span class="wa-choice-text">
              <span class="wa-choice-title">{option.title}</span>
              {option.description && (
                <span class="wa-choice-description">{option.description}</span>
              )}
              {option.metadata && <span class="wa-choice-metadata">{option.metadata}</span>}
            </span>
            <input
              id={inputId}
              type={multiple ? 'checkbox' : 'radio'}
              name={field.name}
              value={option.id}
              checked={checked}
              disabled={!option.enabled || (multiple && !checked && selected.size >= max)}
              onChange={(event) =>
                toggle(option, (event.currentTarget as HTMLInputElement).checked)
              }
            />
          </label>
        );
      })}
      {field.error && (
        <p class="wa-error" id={`${field.id}-error`} role="alert">
          {field.error}
        </p>
      )}
    </fieldset>
  );
}
