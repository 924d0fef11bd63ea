/**
 * Parses a Flow JSON expression (a backtick-wrapped nested expression, 6.0+, or an If
 * condition) far enough to say whether it is well formed: `${…}` references, numbers,
 * 'strings', true/false, parentheses, `! - + * / %`, comparisons, `&& ||`, and concatenation
 * of operands separated by spaces. Returns what is wrong, or undefined.
 */
export function expressionProblem(source: string): string | undefined {
  const tokens = tokenize(source);
  if (typeof tokens === 'string') return tokens;
  if (tokens.length === 0) return 'is empty';
  let at = 0;
  const peek = () => tokens[at];
  const fail = (what: string): never => {
    throw new ExpressionError(what);
  };
  const binary = (ops: string[], next: () => void) => () => {
    next();
    while (ops.includes(peek() ?? '')) {
      at++;
      next();
    }
  };
  const startsOperand = (token: string | undefined) =>
    token !== undefined && (token === '(' || token === '!' || /^[$'\d]|^(true|false)$/.test(token));
  const primary = (): void => {
    const token = peek();
    if (token === undefined) fail('ends where an operand was expected');
    at++;
    if (token === '(') {
      if (peek() === ')') fail('has empty parentheses');
      or();
      if (peek() !== ')') fail('has an unclosed parenthesis');
      at++;
    } else if (token === '!' || token === '-') {
      primary();
    } else if (!startsOperand(token)) {
      fail(`has "${token}" where an operand was expected`);
    }
  };
  const product = binary(['*', '/', '%'], primary);
  const sum = binary(['+', '-'], product);
  const concat = () => {
    sum();
    while (startsOperand(peek())) sum();
  };
  const comparison = binary(['==', '!=', '<', '<=', '>', '>='], concat);
  const and = binary(['&&'], comparison);
  const or: () => void = binary(['||'], and);
  try {
    or();
    if (at < tokens.length) fail(`has "${tokens[at]}" where an operator was expected`);
    return undefined;
  } catch (err) {
    if (err instanceof ExpressionError) return err.message;
    throw err;
  }
}

class ExpressionError extends Error {}

const TOKEN =
  /\s+|\$\{[^}]*\}|'(?:[^'\\]|\\.)*'|\d+(?:\.\d+)?|true\b|false\b|==|!=|<=|>=|&&|\|\||[<>!()+\-*/%]/y;

function tokenize(source: string): string[] | string {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) return `cannot be read from "${source.slice(start, start + 10)}"`;
    if (match[0].trim() !== '') tokens.push(match[0]);
  }
  return tokens;
}
