/**
 * Flow JSON's dynamic values as the device evaluates them: `${data.x}`, `${form.x}`,
 * `${screen.ID.data.x}` / `${screen.ID.form.x}`, and backtick expressions (comparison, logic,
 * arithmetic, string concatenation by juxtaposition), also used bare by If conditions.
 */

export interface ScreenValues {
  data: Record<string, unknown>;
  form: Record<string, unknown>;
}

export interface Scope extends ScreenValues {
  /** Every screen visited so far, for global references; future screens are empty. */
  screens: Record<string, ScreenValues>;
}

const WHOLE_REF = /^\$\{([^}]+)\}$/;
const ANY_REF = /\$\{([^}]+)\}/g;

function lookup(path: string, scope: Scope): unknown {
  const parts = path.trim().split('.');
  let value: unknown;
  let rest: string[];
  if (parts[0] === 'data' || parts[0] === 'form') {
    value = scope[parts[0]];
    rest = parts.slice(1);
  } else if (parts[0] === 'screen' && parts.length >= 3) {
    const screen = scope.screens[parts[1] ?? ''];
    value = screen?.[parts[2] === 'form' ? 'form' : 'data'];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  for (const key of rest) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A property's value: literals as they are, references and expressions evaluated. */
export function resolve(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return resolveString(value, scope);
  if (Array.isArray(value)) return value.map((item) => resolve(item, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolve(item, scope)]),
    );
  }
  return value;
}

function resolveString(text: string, scope: Scope): unknown {
  const whole = WHOLE_REF.exec(text);
  if (whole?.[1] !== undefined) return lookup(whole[1], scope);
  if (text.length >= 2 && text.startsWith('`') && text.endsWith('`')) {
    return evaluate(text.slice(1, -1), scope);
  }
  if (!text.includes('${')) return text;
  return text.replace(ANY_REF, (_match, ref: string) => asText(lookup(ref, scope)));
}

export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

type Token =
  { kind: 'value'; value: unknown } | { kind: 'op'; op: string } | { kind: 'paren'; open: boolean };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%'];

function tokenize(source: string, scope: Scope): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i] ?? '';
    if (/\s/.test(char)) {
      i += 1;
    } else if (source.startsWith('${', i)) {
      const end = source.indexOf('}', i);
      if (end < 0) throw new Error('unclosed ${');
      tokens.push({ kind: 'value', value: lookup(source.slice(i + 2, end), scope) });
      i = end + 1;
    } else if (char === "'") {
      let text = '';
      i += 1;
      while (i < source.length && source[i] !== "'") {
        if (source[i] === '\\' && i + 1 < source.length) i += 1;
        text += source[i];
        i += 1;
      }
      i += 1;
      tokens.push({ kind: 'value', value: text });
    } else if (/[0-9]/.test(char)) {
      const number = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i))?.[0] ?? char;
      tokens.push({ kind: 'value', value: Number(number) });
      i += number.length;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: 'paren', open: char === '(' });
      i += 1;
    } else if (source.startsWith('true', i) || source.startsWith('false', i)) {
      const isTrue = source.startsWith('true', i);
      tokens.push({ kind: 'value', value: isTrue });
      i += isTrue ? 4 : 5;
    } else {
      const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
      if (!op) throw new Error(`unexpected "${char}"`);
      tokens.push({ kind: 'op', op });
      i += op.length;
    }
  }
  return tokens;
}

const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

const num = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0) || 0);

function apply(op: string, left: unknown, right: unknown): unknown {
  switch (op) {
    case '||':
      return left === true || right === true;
    case '&&':
      return left === true && right === true;
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return num(left) < num(right);
    case '<=':
      return num(left) <= num(right);
    case '>':
      return num(left) > num(right);
    case '>=':
      return num(left) >= num(right);
    case '+':
      return num(left) + num(right);
    case '-':
      return num(left) - num(right);
    case '*':
      return num(left) * num(right);
    // Division and modulo by 0 or null are 0 on the device.
    case '/':
      return num(right) === 0 ? 0 : num(left) / num(right);
    default:
      return num(right) === 0 ? 0 : num(left) % num(right);
  }
}

/** Evaluates an expression; one that cannot be parsed is undefined, as an unset value is. */
export function evaluate(source: string, scope: Scope): unknown {
  let tokens: Token[];
  try {
    tokens = tokenize(source, scope);
  } catch {
    return undefined;
  }
  let position = 0;
  const peek = () => tokens[position];

  const primary = (): unknown => {
    const token = tokens[position++];
    if (!token) throw new Error('expression ends early');
    if (token.kind === 'value') return token.value;
    if (token.kind === 'paren' && token.open) {
      const value = sequence();
      const close = tokens[position++];
      if (close?.kind !== 'paren' || close.open) throw new Error('missing )');
      return value;
    }
    if (token.kind === 'op' && token.op === '!') return primary() !== true;
    if (token.kind === 'op' && token.op === '-') return -num(primary());
    throw new Error('unexpected token');
  };
  const binary = (level: number): unknown => {
    const ops = LEVELS[level];
    if (!ops) return primary();
    let left = binary(level + 1);
    for (;;) {
      const token = peek();
      if (token?.kind !== 'op' || !ops.includes(token.op)) return left;
      position += 1;
      left = apply(token.op, left, binary(level + 1));
    }
  };
  // Operands side by side are concatenated as text: `'Hello ' ${form.name}`.
  const sequence = (): unknown => {
    const parts = [binary(0)];
    for (;;) {
      const token = peek();
      if (!token || (token.kind === 'paren' && !token.open)) break;
      parts.push(binary(0));
    }
    return parts.length === 1 ? parts[0] : parts.map(asText).join('');
  };
  try {
    const value = sequence();
    return position === tokens.length ? value : undefined;
  } catch {
    return undefined;
  }
}
