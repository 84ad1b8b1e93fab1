// CodeMirror 6 in one small React component: the document follows `value`, edits go to
// `onChange`, and save-time problems (line, column) appear as lint diagnostics in the text.
// The route is lazy, so CodeMirror loads only with the template editor.
import { Box, Stack, Text } from "@mantine/core";
import { xml } from "@codemirror/lang-xml";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { Compartment, EditorState, type Text as Doc } from "@codemirror/state";
import { Decoration, EditorView, MatchDecorator, ViewPlugin, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { basicSetup } from "codemirror";
import { useEffect, useId, useRef } from "react";
import { defineTexts, useTexts } from "../../i18n/language.tsx";

export interface CodeDiagnostic {
  line?: number;
  column?: number;
  message: string;
  severity?: "error" | "warning";
}

export interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  /** The visible label and the editor's accessible name. */
  label: string;
  description?: string;
  diagnostics?: readonly CodeDiagnostic[];
  readOnly?: boolean;
  /** MJML gets XML highlighting; plain Handlebars text gets none. */
  mode?: "xml" | "text";
  minHeight?: number;
}

const texts = defineTexts({
  nb: { at: (line: number, column?: number) => (column !== undefined ? `Linje ${line}, kolonne ${column}` : `Linje ${line}`) },
  en: { at: (line: number, column?: number) => (column !== undefined ? `Line ${line}, column ${column}` : `Line ${line}`) },
});

const handlebarsMark = Decoration.mark({ class: "cm-handlebars" });
const handlebarsMatcher = new MatchDecorator({ regexp: /\{\{\{?[^{}]*\}?\}\}/g, decoration: () => handlebarsMark });
/** `{{member.firstName}}` stands out from the MJML around it. */
const handlebarsHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = handlebarsMatcher.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = handlebarsMatcher.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

// CodeMirror's default colours fall just under 4.5:1 on the active line; these stay above it.
const highlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.tagName, color: "#00663d" },
    { tag: tags.attributeName, color: "#7a3e00" },
    { tag: [tags.attributeValue, tags.string], color: "#a11111" },
    { tag: tags.angleBracket, color: "#495057" },
    { tag: tags.comment, color: "#6b4f00", fontStyle: "italic" },
    { tag: [tags.processingInstruction, tags.meta, tags.documentMeta], color: "#404740" },
    { tag: tags.invalid, color: "#c92a2a", textDecoration: "underline wavy" },
  ]),
);

// Darker gutter numbers than CodeMirror's default grey, for 4.5:1 contrast.
const theme = EditorView.theme({
  "&": { fontSize: "13px", backgroundColor: "#fff" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
  ".cm-gutters": { color: "#495057", backgroundColor: "#f1f3f5" },
  ".cm-handlebars": { backgroundColor: "#fff3bf", borderRadius: "2px" },
  "&.cm-focused": { outline: "none" },
});

/** A save problem's place in the document; without a column the whole line. */
export function toDiagnostic(doc: Doc, problem: CodeDiagnostic): Diagnostic {
  const lineNumber = Math.min(Math.max(problem.line ?? 1, 1), doc.lines);
  const line = doc.line(lineNumber);
  if (problem.line === undefined || problem.column === undefined) {
    // The line's text without its indentation, so the mark sits under what is wrong.
    const indent = /^\s*/.exec(line.text)?.[0].length ?? 0;
    return { from: Math.min(line.from + indent, line.to), to: line.to, severity: problem.severity ?? "error", message: problem.message };
  }
  const from = Math.min(line.from + Math.max(problem.column - 1, 0), line.to);
  // Mark the word (or Handlebars expression) that starts there, at least one character.
  const rest = line.text.slice(from - line.from);
  const word = /^(\{\{[^}]*\}\}|[\w.-]+)/.exec(rest)?.[0].length ?? 1;
  return { from, to: Math.min(from + word, line.to), severity: problem.severity ?? "error", message: problem.message };
}

export function CodeEditor({ value, onChange, label, description, diagnostics = [], readOnly = false, mode = "xml", minHeight = 200 }: CodeEditorProps) {
  const t = useTexts(texts);
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const editable = useRef(new Compartment());
  const descriptionId = `${id}-description`;
  const problemsId = `${id}-problems`;
  const describedBy = [description ? descriptionId : null, diagnostics.length > 0 ? problemsId : null].filter(Boolean).join(" ");

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          mode === "xml" ? [xml(), highlight] : [],
          EditorView.lineWrapping,
          lintGutter(),
          handlebarsHighlight,
          theme,
          EditorView.theme({ "&": { maxHeight: "520px" }, ".cm-scroller": { overflow: "auto" }, ".cm-content, .cm-gutter": { minHeight: `${minHeight}px` } }),
          EditorView.contentAttributes.of({ "aria-label": label }),
          editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The view is made once; the effects below follow value, read-only and diagnostics.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
    });
  }, [readOnly]);

  const diagnosticsKey = JSON.stringify(diagnostics);
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const list = (JSON.parse(diagnosticsKey) as CodeDiagnostic[]).map((d) => toDiagnostic(editor.state.doc, d));
    editor.dispatch(setDiagnostics(editor.state, list));
  }, [diagnosticsKey]);

  useEffect(() => {
    const content = view.current?.contentDOM;
    if (!content) return;
    if (describedBy) content.setAttribute("aria-describedby", describedBy);
    else content.removeAttribute("aria-describedby");
  }, [describedBy]);

  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} component="div">
        {label}
      </Text>
      {description ? (
        <Text size="xs" c="dimmed" id={descriptionId}>
          {description}
        </Text>
      ) : null}
      <Box
        ref={host}
        style={{
          border: `1px solid ${diagnostics.length > 0 ? "var(--mantine-color-error)" : "var(--mantine-color-gray-4)"}`,
          borderRadius: "var(--mantine-radius-sm)",
          overflow: "hidden",
        }}
        className="budstikke-code-editor"
      />
      {diagnostics.length > 0 ? (
        <Stack gap={2} id={problemsId}>
          {diagnostics.map((d, i) => (
            <Text key={i} size="sm" c="var(--mantine-color-error)">
              {d.line !== undefined ? `${t.at(d.line, d.column)}: ` : ""}
              {d.message}
            </Text>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
