/**
 * The renderer bench's baseline: a bare CodeMirror 6 editor holding the same treaty text (title,
 * article lines and the 1,000 paragraphs, one line each, wrapped), with no Yjs, no node and no
 * one else typing. The bench types into it exactly as it types into the draft.
 */
import { defaultKeymap } from '@codemirror/commands';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { PARAGRAPHS_PER_ARTICLE, articleHeading, treatyParagraphs } from '../treaty-text.js';

const lines = ['Convention on the Hundred Pages'];
for (const [a, paragraphs] of treatyParagraphs().entries()) {
  lines.push(`Article ${a + 1}: ${articleHeading(a + 1)}`);
  for (const [p, words] of paragraphs.entries()) lines.push(`${p + 1}. ${words}`);
}

const view = new EditorView({
  parent: document.getElementById('editor')!,
  state: EditorState.create({
    doc: lines.join('\n'),
    extensions: [EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': 'Bare editor' }), keymap.of(defaultKeymap)],
  }),
});

export interface BaselineEditor {
  readonly length: number;
  /** Puts the caret in the middle of a paragraph's line, scrolled to the middle of the window. */
  placeCaret(article: number, paragraph: number): void;
  /** Where the caret is drawn (once the scroll is done): the bench clicks there, as it does in the draft. */
  caretPoint(): { x: number; y: number } | null;
}

const editor: BaselineEditor = {
  length: view.state.doc.length,
  placeCaret(article, paragraph) {
    // Line 1 is the title; each article is its own line, then its paragraphs.
    const line = view.state.doc.line(1 + (article - 1) * (1 + PARAGRAPHS_PER_ARTICLE) + 1 + paragraph);
    const anchor = line.from + Math.floor(line.length / 2);
    view.dispatch({ selection: { anchor }, effects: EditorView.scrollIntoView(anchor, { y: 'center' }) });
  },
  caretPoint() {
    const at = view.coordsAtPos(view.state.selection.main.head);
    return at === null ? null : { x: at.left, y: (at.top + at.bottom) / 2 };
  },
};
(window as unknown as { baselineEditor: BaselineEditor }).baselineEditor = editor;
