/**
 * Search highlights arrive as raw text with <mark>…</mark> around matched terms; nothing else in
 * them is escaped. We never hand them to v-html: they are split into text segments that Vue
 * renders as text, so any other markup in a document shows up literally and harmlessly.
 */
export interface Segment {
  text: string;
  mark: boolean;
}

export function parseHighlight(source: string): Segment[] {
  const out: Segment[] = [];
  let mark = false;
  for (const part of source.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') mark = true;
    else if (part === '</mark>') mark = false;
    else if (part) out.push({ text: part, mark });
  }
  return out;
}

/** Cuts long text to about `max` characters around the first match, with ellipses. */
export function snippet(segments: Segment[], max: number): Segment[] {
  const total = segments.reduce((n, s) => n + s.text.length, 0);
  if (total <= max) return segments;
  let pos = 0;
  let first = 0;
  for (const s of segments) {
    if (s.mark) {
      first = pos;
      break;
    }
    pos += s.text.length;
  }
  const start = Math.max(0, Math.min(first - Math.floor(max / 4), total - max));
  const end = start + max;
  const out: Segment[] = [];
  pos = 0;
  for (const s of segments) {
    const a = Math.max(start, pos);
    const b = Math.min(end, pos + s.text.length);
    if (a < b) out.push({ text: s.text.slice(a - pos, b - pos), mark: s.mark });
    pos += s.text.length;
  }
  if (start > 0) out.unshift({ text: '…', mark: false });
  if (end < total) out.push({ text: '…', mark: false });
  return out;
}
