import { describe, expect, it } from 'vitest';
import { safeHighlight } from '../../../server/search/highlight.ts';

describe('safeHighlight', () => {
  it('keeps <mark> and escapes everything else', () => {
    expect(safeHighlight('<img src=x onerror=alert(1)> <mark>电池</mark> & "q"')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; <mark>电池</mark> &amp; &quot;q&quot;',
    );
  });
});
