/**
 * A diff between two texts, inline or side by side. Changes are marked by colour AND by sign
 * (− removed, + added) and by <del>/<ins>, so they read without colour and to a screen reader.
 */
import type { DiffHunk } from '../../../../node/api.js';
import { inlineLayout, sideBySideLayout, type Op, type WordPart } from './diff-layout.js';

export type DiffMode = 'inline' | 'side-by-side';

const SIGN: Record<Op, string> = { ' ': ' ', '-': '−', '+': '+' };
const OP_CLASS: Record<Op, string> = { ' ': 'kept', '-': 'removed', '+': 'added' };

function LineText({ op, text, words }: { readonly op: Op; readonly text: string; readonly words: readonly WordPart[] | null }) {
  const body =
    words === null
      ? text
      : words.map((w, i) => (w.op === '-' ? <del key={i}>{w.text}</del> : w.op === '+' ? <ins key={i}>{w.text}</ins> : <span key={i}>{w.text}</span>));
  if (op === '-') return <del className="line-text">{body}</del>;
  if (op === '+') return <ins className="line-text">{body}</ins>;
  return <span className="line-text">{body}</span>;
}

const hunkTitle = (h: DiffHunk) => `Lines ${h.fromLine}–${h.fromLine + Math.max(h.fromCount - 1, 0)} → ${h.toLine}–${h.toLine + Math.max(h.toCount - 1, 0)}`;

export function VersionDiff({ hunks, mode, fromName, toName }: { readonly hunks: readonly DiffHunk[]; readonly mode: DiffMode; readonly fromName: string; readonly toName: string }) {
  if (mode === 'inline') {
    const layout = inlineLayout(hunks);
    return (
      <div className="diff diff-inline">
        {layout.map((lines, h) => (
          <table key={h} className="diff-hunk">
            <caption>{hunkTitle(hunks[h]!)}</caption>
            <colgroup>
              <col className="col-num" />
              <col className="col-num" />
              <col className="col-sign" />
              <col />
            </colgroup>
            <thead className="visually-hidden">
              <tr>
                <th scope="col">Line in {fromName}</th>
                <th scope="col">Line in {toName}</th>
                <th scope="col">Change</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={i} className={`diff-${OP_CLASS[l.op]}`}>
                  <td className="diff-num">{l.fromLine ?? ''}</td>
                  <td className="diff-num">{l.toLine ?? ''}</td>
                  <td className="diff-sign" aria-label={l.op === '-' ? 'removed' : l.op === '+' ? 'added' : 'unchanged'}>
                    {SIGN[l.op]}
                  </td>
                  <td className="diff-text">
                    <LineText op={l.op} text={l.text} words={l.words} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    );
  }
  const layout = sideBySideLayout(hunks);
  return (
    <div className="diff diff-side">
      {layout.map((rows, h) => (
        <table key={h} className="diff-hunk">
          <caption>{hunkTitle(hunks[h]!)}</caption>
          <colgroup>
            <col className="col-num" />
            <col className="col-sign" />
            <col />
            <col className="col-num" />
            <col className="col-sign" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" colSpan={3}>
                {fromName}
              </th>
              <th scope="col" colSpan={3}>
                {toName}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {[r.left, r.right].map((cell, side) =>
                  cell === null ? (
                    <td key={side} colSpan={3} className="diff-empty" />
                  ) : (
                    <Cell key={side} line={cell.line} op={cell.op} text={cell.text} words={cell.words} />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

function Cell({ line, op, text, words }: { readonly line: number; readonly op: Op; readonly text: string; readonly words: readonly WordPart[] | null }) {
  return (
    <>
      <td className={`diff-num diff-${OP_CLASS[op]}`}>{line}</td>
      <td className={`diff-sign diff-${OP_CLASS[op]}`} aria-label={op === '-' ? 'removed' : op === '+' ? 'added' : 'unchanged'}>
        {SIGN[op]}
      </td>
      <td className={`diff-text diff-${OP_CLASS[op]}`}>
        <LineText op={op} text={text} words={words} />
      </td>
    </>
  );
}
