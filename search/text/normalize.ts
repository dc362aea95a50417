/**
 * The one normal form every index term, query term and filter value is compared in:
 * NFKC (full-width Ａ１ → A1, compatibility ideographs → unified) then lower case.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export interface NormalizedText {
  /** The normalised text. */
  text: string;
  /** For each UTF-16 unit of `text`, the start of the original code point it came from. */
  start: Int32Array;
  /** For each UTF-16 unit of `text`, the end (exclusive) of that original code point. */
  end: Int32Array;
}

/**
 * Normalises code point by code point and remembers where each output unit came from, so a
 * span found in the normalised text maps back onto the original (for highlighting). Per code
 * point NFKC differs from whole-string NFKC only for combining sequences, which the
 * highlighter can afford to miss.
 */
export function normalizeWithOffsets(original: string): NormalizedText {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const cp of original) {
    const n = cp.normalize('NFKC').toLowerCase();
    text += n;
    for (let k = 0; k < n.length; k++) {
      start.push(i);
      end.push(i + cp.length);
    }
    i += cp.length;
  }
  return { text, start: Int32Array.from(start), end: Int32Array.from(end) };
}
