/**
 * Search highlights arrive as HTML: <mark>…</mark> around matched terms, everything else escaped
 * by the API (server/search/highlight.ts). We still never hand them to v-html: they are split at the
 * marks, the five entities the API writes are decoded, and Vue renders each segment as text, so
 * any markup inside a document shows up literally and harmlessly.
 */
const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
};
/** For plain fields shown through the same path as highlights. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
export const unescapeHtml = (s: string): string =>
  s.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]!);

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
    else if (part) out.push({ text: unescapeHtml(part), mark });
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
