import { readFileSync } from 'node:fs';
import { z } from 'zod';

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges,
 * grouping clauses, function calls, keywords, numbers and Grafana's $variables are taken away.
 */
export function promqlMetricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][\w:]*(?!\w)(\s*\()?/g)) {
    const [, call] = match;
    const word = match[0].replace(/\s*\($/, '');
    if (call || PROMQL_WORDS.has(word.toLowerCase()) || /^\d/.test(word)) continue;
    names.add(word);
  }
  return [...names];
}

const dashboard = z.object({
  panels: z.array(
    z.object({ title: z.string(), targets: z.array(z.object({ expr: z.string() })) }),
  ),
});

/** Every PromQL expression of a Grafana dashboard file, with its panel's title. */
export function dashboardExpressions(path: string): { panel: string; expr: string }[] {
  const parsed = dashboard.parse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.panels.flatMap((panel) =>
    panel.targets.map((target) => ({ panel: panel.title, expr: target.expr })),
  );
}

/** Every `expr:` of a Prometheus rules file (plain or `|` block), in order. */
export function ruleExpressions(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const exprs: string[] = [];
  lines.forEach((line, index) => {
    const found = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!found) return;
    const [, indent = '', value = ''] = found;
    if (value !== '|') return void exprs.push(value);
    const block: string[] = [];
    for (const next of lines.slice(index + 1)) {
      if (next.trim() !== '' && next.search(/\S/) <= indent.length) break;
      block.push(next.trim());
    }
    exprs.push(block.join(' ').trim());
  });
  return exprs;
}
