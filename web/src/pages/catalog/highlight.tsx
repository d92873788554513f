import { Fragment } from 'react';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return NAMED[e.toLowerCase()] ?? whole;
  });
}

export interface HighlightPart {
  text: string;
  mark: boolean;
}

/**
 * Splits the server's highlight fragment ("escaped text with <mark>…</mark>") into plain text runs.
 * Any other tag is dropped, and the text is rendered as React text nodes, never as HTML, so a
 * fragment that is not what the server promised still cannot inject markup.
 */
export function highlightParts(fragment: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let inMark = false;
  for (const piece of fragment.split(/(<\/?mark\s*>)/i)) {
    if (/^<mark\s*>$/i.test(piece)) inMark = true;
    else if (/^<\/mark\s*>$/i.test(piece)) inMark = false;
    else if (piece) {
      const text = decodeEntities(piece.replace(/<[^>]*>?/g, ''));
      if (text) parts.push({ text, mark: inMark });
    }
  }
  return parts;
}

/** Shows a highlight fragment when there is one, the plain text otherwise. */
export function Highlight({ fragment, text }: { fragment?: string | null; text: string }) {
  if (!fragment) return <>{text}</>;
  return (
    <>
      {highlightParts(fragment).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}
    </>
  );
}
