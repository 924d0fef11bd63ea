import { asText, resolve, type Scope } from './expression';
import { isComponent, isObject, type Component } from './flow-types';

/** Components that hold a value under their `name`. */
export const INPUT_TYPES = new Set([
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

const children = (value: unknown): Component[] =>
  Array.isArray(value) ? value.filter(isComponent) : [];

/**
 * What the screen shows now: Forms opened up, If and Switch replaced by their chosen branch,
 * invisible components left out.
 */
export function visibleComponents(components: readonly Component[], scope: Scope): Component[] {
  const shown: Component[] = [];
  for (const component of components) {
    if (resolve(component.visible, scope) === false) continue;
    if (component.type === 'Form') {
      shown.push(...visibleComponents(children(component.children), scope));
    } else if (component.type === 'If') {
      const condition = component.condition;
      const holds = typeof condition === 'string' && resolve(`\`${condition}\``, scope) === true;
      shown.push(...visibleComponents(children(holds ? component.then : component.else), scope));
    } else if (component.type === 'Switch') {
      const value = asText(resolve(component.value, scope));
      const cases = isObject(component.cases) ? component.cases : {};
      shown.push(...visibleComponents(children(cases[value]), scope));
    } else {
      shown.push(component);
    }
  }
  return shown;
}

/** Every component of a screen, all branches included. */
export function allComponents(components: readonly Component[]): Component[] {
  return components.flatMap((component) => {
    if (component.type === 'Form')
      return [component, ...allComponents(children(component.children))];
    if (component.type === 'If') {
      return allComponents([...children(component.then), ...children(component.else)]);
    }
    if (component.type === 'Switch' && isObject(component.cases)) {
      return allComponents(Object.values(component.cases).flatMap(children));
    }
    return [component];
  });
}

/** The screen's first form values: Form `init-values`, or a component's own `init-value`. */
export function initialForm(
  components: readonly Component[],
  scope: Scope,
): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const component of allComponents(components)) {
    if (component.type === 'Form') {
      const init = resolve(component['init-values'], scope);
      if (isObject(init)) Object.assign(form, init);
    } else if (typeof component.name === 'string' && component['init-value'] !== undefined) {
      form[component.name] = resolve(component['init-value'], scope);
    }
  }
  return form;
}

/** Per-field errors: Form `error-messages`, or a component's own `error-message`. */
export function fieldErrors(
  components: readonly Component[],
  scope: Scope,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const component of allComponents(components)) {
    if (component.type === 'Form') {
      const messages = resolve(component['error-messages'], scope);
      if (isObject(messages)) {
        for (const [field, message] of Object.entries(messages)) {
          if (typeof message === 'string' && message !== '') errors[field] = message;
        }
      }
    } else if (typeof component.name === 'string') {
      const message = resolve(component['error-message'], scope);
      if (typeof message === 'string' && message !== '') errors[component.name] = message;
    }
  }
  return errors;
}

export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    value === false ||
    (Array.isArray(value) && value.length === 0)
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,20}$/;

/** The message the device shows under an input whose value it does not accept, if any. */
export function inputProblem(
  component: Component,
  value: unknown,
  scope: Scope,
): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (component.type === 'TextInput') {
    const type = component['input-type'];
    if (type === 'email' && !EMAIL.test(value)) return 'Enter a valid email address';
    if (type === 'phone' && !PHONE.test(value)) return 'Enter a valid phone number';
    if (type === 'number' && !/^-?[0-9]+([.,][0-9]+)?$/.test(value)) return 'Enter a number';
    if (type === 'passcode' && !/^[0-9]+$/.test(value)) return 'Enter digits only';
    const min = Number(resolve(component['min-chars'], scope));
    if (Number.isFinite(min) && min > 0 && value.length < min) {
      return `Enter at least ${min} characters`;
    }
    const pattern = resolve(component.pattern, scope);
    if (typeof pattern === 'string' && pattern !== '') {
      try {
        if (!new RegExp(`^(?:${pattern})$`).test(value)) {
          return asText(resolve(component['helper-text'], scope)) || 'Invalid format';
        }
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The Footer is enabled only when every visible, enabled, required input is filled and no input
 * holds a value the device would refuse.
 */
export function canSubmit(shown: readonly Component[], scope: Scope): boolean {
  return shown.every((component) => {
    if (!INPUT_TYPES.has(component.type) || typeof component.name !== 'string') return true;
    if (resolve(component.enabled, scope) === false) return true;
    const value = scope.form[component.name];
    if (inputProblem(component, value, scope) !== undefined) return false;
    const minimum =
      component.type === 'PhotoPicker'
        ? Number(resolve(component['min-uploaded-photos'], scope) ?? 0)
        : component.type === 'DocumentPicker'
          ? Number(resolve(component['min-uploaded-documents'], scope) ?? 0)
          : 0;
    if (minimum > 0) return Array.isArray(value) && value.length >= minimum;
    return resolve(component.required, scope) !== true || !isEmpty(value);
  });
}
