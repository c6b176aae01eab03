import { Fragment, type ReactNode } from 'react';

/** `**bold**` inside one line of a notice. */
function inline(line: string): ReactNode[] {
  return line.split(/(\*\*[^*]+\*\*)/).map((part, i) => (part.startsWith('**') && part.endsWith('**') && part.length > 4 ? <strong key={i}>{part.slice(2, -2)}</strong> : <Fragment key={i}>{part}</Fragment>));
}

/**
 * A notice's body as its author wrote it in light markdown: blank lines part paragraphs, lines
 * starting with "- " form a list, `**bold**`; everything else is text (no HTML is interpreted).
 */
export function NoticeBody({ body }: { body: string }) {
  const blocks = body.replace(/\r\n/g, '\n').split(/\n{2,}/).filter((b) => b.trim());
  return (
    <div className="gg-notice-body">
      {blocks.map((block, i) => {
        const lines = block.split('\n');
        if (lines.every((l) => l.trimStart().startsWith('- '))) {
          return <ul key={i}>{lines.map((l, j) => <li key={j}>{inline(l.trimStart().slice(2))}</li>)}</ul>;
        }
        return <p key={i}>{lines.map((l, j) => <Fragment key={j}>{j > 0 && <br />}{inline(l)}</Fragment>)}</p>;
      })}
    </div>
  );
}
