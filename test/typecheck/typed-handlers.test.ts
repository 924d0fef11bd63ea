import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const FIXTURES = join(__dirname, '..', 'fixtures', 'typecheck');

/** The code without comment-only lines and imports, whose paths differ between the guide and the fixture. */
function withoutImports(source: string): string {
  return source
    .split('\n')
    .filter((line) => !line.startsWith('import ') && !line.startsWith('//'))
    .join('\n')
    .trim();
}

/** Type-checks one fixture with the project's compiler options; returns the error messages. */
function compile(file: string): string[] {
  const configPath = join(__dirname, '..', '..', 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram([join(FIXTURES, file)], {
    ...config.options,
    noEmit: true,
    rootDir: undefined,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('handlers typed from flow.json', () => {
  it('when a handler answers with declared screens and data, then it compiles', () => {
    expect(compile('valid-handlers.ts')).toEqual([]);
  });

  it('when a handler answers with a screen id flow.json does not have, then tsc fails on it', () => {
    const errors = compile('wrong-screen.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/"SUMARY"/);
  });

  it('when a handler omits a field the screen declares, then tsc fails naming it', () => {
    const errors = compile('missing-field.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Property 'time' is missing/);
  });

  it('when a handler reads a field its screen does not send, then tsc fails naming it', () => {
    const errors = compile('wrong-input-field.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/nickname/);
  });

  it('when a flow has only onComplete, then its params are typed from the complete action', () => {
    expect(compile('completion-params.ts')).toEqual([]);
  });

  it('when onComplete reads a param the complete action does not send, then tsc fails naming it', () => {
    const errors = compile('wrong-completion-param.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/stars/);
  });

  it('when handlers name a screen flow.json does not have, then tsc fails naming it', () => {
    const errors = compile('unknown-screen-handlers.ts');
    expect(errors[0]).toMatch(/'DETAIL' does not exist/);
  });

  it('when a screen with a data_exchange action in flow.json has no handler, then tsc fails naming it', () => {
    const errors = compile('missing-handler.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Property 'SUMMARY' is missing/);
  });

  it('when a refresh_on_back screen has no BACK handler and the flow has none, then tsc fails naming it', () => {
    const errors = compile('missing-back-handler.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Types of property 'APPOINTMENT' are incompatible/);
    expect(errors[0]).toMatch(/Property 'BACK' is missing/);
  });

  it("when the flow's own BACK answers a refresh_on_back screen, then it compiles", () => {
    expect(compile('flow-back-handler.ts')).toEqual([]);
  });

  it("when the guide's defineFlow example is compiled as written, then it compiles", () => {
    expect(compile('readme-example.ts')).toEqual([]);
  });

  it("when the guide's defineFlow example is compared with the compiled one, then only the import paths differ", () => {
    const guide = readFileSync(join(__dirname, '..', '..', 'docs', 'writing-flows.md'), 'utf8');
    const section = guide.slice(guide.indexOf('## Writing a flow'));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const fixture = readFileSync(join(FIXTURES, 'readme-example.ts'), 'utf8');
    expect(withoutImports(fixture)).toBe(withoutImports(example));
    expect(example).toContain('defineFlow<NewsletterFlow>()');
  });

  it("when a screen's input schema refines a field, then its handler reads the refined type without a cast", () => {
    expect(compile('input-narrows.ts')).toEqual([]);
  });

  it('when an input schema is strict, then its handler reads only what the schema names', () => {
    const errors = compile('input-strict-schema.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Property 'phone' does not exist/);
  });

  it('when a handler with an input schema reads a field the screen does not send, then tsc fails naming it', () => {
    const errors = compile('input-unknown-field.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/nickname/);
  });

  it("when a flow declares tenantSettings, then ctx.tenant.settings is typed by the schema's output", () => {
    expect(compile('tenant-settings.ts')).toEqual([]);
  });

  it('when a handler reads a tenant setting the schema does not declare, then tsc fails naming it', () => {
    const errors = compile('wrong-tenant-setting.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/brand/);
  });
});
