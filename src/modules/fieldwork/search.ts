/** What handbook search compares: lower-case, full-width to half-width, no white space. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Search terms from a query: split on white space and punctuation, normalized, LIKE wildcards escaped. */
export function searchTerms(q: string): string[] {
  return q
    .normalize('NFKC')
    .split(/[\s,，、。;；:：?？!！]+/)
    .map((t) => normalizeSearchText(t))
    .filter((t) => t.length > 0)
    .slice(0, 8)
    .map((t) => t.replace(/[\\%_]/g, (c) => `\\${c}`));
}
