import { parseReference, type ReferenceLookup } from './reference';

/**
 * Flow JSON's expressions (6.0+, inside backticks; If conditions without them), as the device
 * evaluates them and the validator checks them:
 * `==` `!=` `<` `<=` `>` `>=` `&&` `||` `!`, `+ - * / %` on numbers (division or modulo by 0 or
 * null gives 0), parentheses, single-quoted strings, and string concatenation by writing operands
 * side by side. `&&` binds tighter than `||`. `*` is not in Meta's list but pywa and its examples
 * use it, so it is accepted.
 */

type Token =
  | { kind: 'ref'; inner: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'word'; value: string }
  | { kind: 'op'; value: string };

/** An expression that does not parse; its message follows "expression" ("has an unclosed …"). */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i);
      if (end < 0) throw new ExpressionError('has a "${" that is not closed');
      tokens.push({ kind: 'ref', inner: text.slice(i + 2, end) });
      i = end + 1;
    } else if (ch === "'") {
      let value = '';
      i++;
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      if (i >= text.length) throw new ExpressionError('has a string that is not closed');
      i++;
      tokens.push({ kind: 'string', value });
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^[0-9]*\.?[0-9]+/.exec(text.slice(i));
      const literal = match?.[0] ?? ch;
      tokens.push({ kind: 'number', value: Number(literal) });
      i += literal.length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_]\w*/.exec(text.slice(i))?.[0] ?? ch;
      tokens.push({ kind: 'word', value: word });
      i += word.length;
    } else {
      const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
      if (!op) throw new ExpressionError(`cannot be read from "${text.slice(i, i + 10)}"`);
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    }
  }
  return tokens;
}

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Evaluates an expression (without its backticks) against the screens' states. */
export function evaluateExpression(text: string, lookup: ReferenceLookup): unknown {
  return run(text, (inner) => {
    const reference = parseReference(inner);
    if (!reference) throw new ExpressionError(`has "\${${inner}}", which is no reference`);
    return lookup(reference);
  });
}

/**
 * What is wrong with an expression (a backtick-wrapped one without its backticks, or an If
 * condition), or undefined when it parses. The names its `${…}` use are checked elsewhere.
 */
export function expressionProblem(source: string): string | undefined {
  if (source.trim() === '') return 'is empty';
  try {
    run(source, () => undefined);
    return undefined;
  } catch (err) {
    if (err instanceof ExpressionError) return err.message;
    throw err;
  }
}

/** Parses and evaluates in one pass; `resolve` reads what a `${…}` names. */
function run(text: string, resolve: (inner: string) => unknown): unknown {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (value: string) => {
    const token = peek();
    return token?.kind === 'op' && token.value === value;
  };

  const binary = (level: number): unknown => {
    if (level >= BINARY_LEVELS.length) return unary();
    const ops = BINARY_LEVELS[level] ?? [];
    let left = binary(level + 1);
    for (;;) {
      const token = peek();
      if (token?.kind !== 'op' || !ops.includes(token.value)) return left;
      at++;
      const right = binary(level + 1);
      left = apply(token.value, left, right);
    }
  };

  const unary = (): unknown => {
    if (isOp('!')) {
      at++;
      return !truthy(unary());
    }
    if (isOp('-')) {
      at++;
      return -toNumber(unary());
    }
    return primary();
  };

  const startsOperand = () => {
    const token = peek();
    return token !== undefined && (token.kind !== 'op' || token.value === '(');
  };

  // Expressions written side by side are joined as text, after each is evaluated:
  // `${data.first} ' ' ${data.last}`, `${data.count} * 10 ' points'`.
  const sequence = (): unknown => {
    const first = binary(0);
    if (!startsOperand()) return first;
    let text = display(first);
    while (startsOperand()) text += display(binary(0));
    return text;
  };

  const primary = (): unknown => {
    const token = tokens[at++];
    if (!token) throw new ExpressionError('ends where an operand was expected');
    switch (token.kind) {
      case 'ref':
        return resolve(token.inner);
      case 'string':
      case 'number':
        return token.value;
      case 'word':
        if (token.value === 'true') return true;
        if (token.value === 'false') return false;
        if (token.value === 'null') return null;
        throw new ExpressionError(`has the unknown word "${token.value}"`);
      case 'op': {
        if (token.value !== '(') {
          throw new ExpressionError(`has "${token.value}" where an operand was expected`);
        }
        if (isOp(')')) throw new ExpressionError('has empty parentheses');
        const inner = sequence();
        if (!isOp(')')) throw new ExpressionError('has an unclosed parenthesis');
        at++;
        return inner;
      }
    }
  };

  const value = sequence();
  const extra = tokens[at];
  if (extra) {
    const shown = extra.kind === 'ref' ? `\${${extra.inner}}` : String(extra.value);
    throw new ExpressionError(`has "${shown}" where an operator was expected`);
  }
  return value;
}

function apply(op: string, left: unknown, right: unknown): unknown {
  switch (op) {
    case '||':
      return truthy(left) || truthy(right);
    case '&&':
      return truthy(left) && truthy(right);
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return toNumber(left) < toNumber(right);
    case '<=':
      return toNumber(left) <= toNumber(right);
    case '>':
      return toNumber(left) > toNumber(right);
    case '>=':
      return toNumber(left) >= toNumber(right);
    case '+':
      return typeof left === 'number' && typeof right === 'number'
        ? left + right
        : typeof left === 'string' || typeof right === 'string'
          ? display(left) + display(right)
          : toNumber(left) + toNumber(right);
    case '-':
      return toNumber(left) - toNumber(right);
    case '*':
      return toNumber(left) * toNumber(right);
    case '/':
    case '%': {
      const divisor = toNumber(right);
      if (divisor === 0) return 0;
      return op === '/' ? toNumber(left) / divisor : toNumber(left) % divisor;
    }
    default:
      throw new ExpressionError(`unknown operator "${op}"`);
  }
}

/** How the device treats a value as a condition: unset, empty and false are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return 0;
}

/** A value as the device shows it inside text. */
export function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
