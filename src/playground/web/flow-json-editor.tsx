import { json } from '@codemirror/lang-json';
import { linter, lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef, useState } from 'preact/hooks';
import { SaveRefused, type Api, type LocatedProblem } from './api';

/** How long typing pauses before the text is checked. */
const CHECK_DELAY_MS = 400;

/** Where a problem is in the document: from its line and column to the end of that line. */
function rangeOf(doc: Text, problem: LocatedProblem): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max(problem.column, 1) - 1, line.to);
  return { from, to: from < line.to ? line.to : Math.min(from + 1, doc.length) };
}

const diagnosticsOf = (doc: Text, problems: readonly LocatedProblem[]): Diagnostic[] =>
  problems.map((problem) => ({
    ...rangeOf(doc, problem),
    severity: problem.severity,
    message: `${problem.message} [${problem.path}]`,
    source: 'flow.json',
  }));

/**
 * The served flow.json in CodeMirror. What is typed is checked by the server's validator after a
 * pause and its problems marked where they are; Save (or Ctrl/Cmd+S) writes a text that passes,
 * and the server and the page then serve it. A text with errors is never written.
 */
export function FlowJsonEditor({
  text,
  api,
  onSaved,
}: {
  /** The served text: replaces the editor's when the file changes and nothing is unsaved. */
  text: string;
  api: Api;
  onSaved: () => void;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const saved = useRef(text);
  const [problems, setProblems] = useState<LocatedProblem[]>([]);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const editor = view.current;
    if (!editor) return;
    const draft = editor.state.doc.toString();
    setSaving(true);
    try {
      const answer = await api.save(draft);
      saved.current = draft;
      setDirty(editor.state.doc.toString() !== draft);
      setProblems(answer.problems);
      setStatus('Saved: the server and the preview serve it now.');
      onSaved();
    } catch (err) {
      if (!(err instanceof SaveRefused)) {
        setStatus(err instanceof Error ? err.message : String(err));
        return;
      }
      setProblems(err.problems);
      editor.dispatch(setDiagnostics(editor.state, diagnosticsOf(editor.state.doc, err.problems)));
      setStatus('Not saved: fix the problems below (flow.json is unchanged).');
    } finally {
      setSaving(false);
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    if (!parent.current) return undefined;
    const editor = new EditorView({
      doc: text,
      parent: parent.current,
      extensions: [
        basicSetup,
        json(),
        lintGutter(),
        linter(
          async (current) => {
            const draft = current.state.doc.toString();
            const checked = await api.check(draft).catch(() => undefined);
            // Typing went on meanwhile: the next check answers for the newer text.
            if (!checked || current.state.doc.toString() !== draft) return [];
            setProblems(checked.problems);
            return diagnosticsOf(current.state.doc, checked.problems);
          },
          { delay: CHECK_DELAY_MS },
        ),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          setDirty(update.state.doc.toString() !== saved.current);
          setStatus(undefined);
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'flow.json' }),
      ],
    });
    view.current = editor;
    return () => editor.destroy();
    // Made once: a new served text is brought in below.
  }, []);

  // Ctrl/Cmd+S saves wherever the focus is on the page, instead of the browser saving the page.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The file changed elsewhere: take it in, unless the editor holds changes of its own.
  useEffect(() => {
    const editor = view.current;
    if (!editor || text === saved.current) return;
    if (editor.state.doc.toString() === saved.current) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
      saved.current = text;
      setDirty(false);
    } else {
      setStatus('flow.json changed on disk: saving replaces it with this text.');
    }
  }, [text]);

  const goTo = (problem: LocatedProblem) => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch({
      selection: { anchor: rangeOf(editor.state.doc, problem).from },
      scrollIntoView: true,
    });
    editor.focus();
  };

  return (
    <section class="editor" aria-labelledby="editor-heading">
      <div class="editor-bar">
        <h2 id="editor-heading">flow.json</h2>
        <span class="muted" role="status">
          {status ?? (dirty ? 'Unsaved changes' : 'Saved')}
        </span>
        <button type="button" onClick={() => void save()} disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div class="editor-code" ref={parent} />
      {problems.length > 0 && (
        <ul class="editor-problems" aria-label="Problems in flow.json">
          {problems.map((problem) => (
            <li class={`editor-problem editor-${problem.severity}`}>
              <button type="button" class="wa-link" onClick={() => goTo(problem)}>
                Line {problem.line}, column {problem.column}
              </button>{' '}
              {problem.severity}: {problem.message}
              {problem.path !== '(root)' && <span class="muted"> [{problem.path}]</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
