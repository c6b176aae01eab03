import zhCN from './locales/zh-CN.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };

export type Locale = 'zh-CN' | 'en';
export const locales: Locale[] = ['zh-CN', 'en'];

type Tree = { [key: string]: string | Tree };
const catalogs: Record<Locale, Tree> = { 'zh-CN': zhCN as Tree, en: en as Tree };

/**
 * Merges a module's strings into the catalogues (called for each manifest's `strings`): its own
 * namespace, plus any `reasons.*` or `errors.*` it adds. Existing keys are never overwritten.
 */
export function addStrings(strings: Record<Locale, Tree>): void {
  for (const locale of locales) merge(catalogs[locale], strings[locale]);
}

function merge(target: Tree, source: Tree): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (typeof value === 'string') {
      if (current === undefined) target[key] = value;
    } else if (current === undefined || typeof current === 'string') {
      if (current === undefined) target[key] = structuredClone(value);
    } else merge(current, value);
  }
}

/** Looks up `a.b.c` in the locale's catalog, falling back to zh-CN, then to the key itself. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const found = lookup(catalogs[locale], key) ?? lookup(catalogs['zh-CN'], key) ?? key;
  return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Picks zh-CN or en from an Accept-Language header; Chinese is the default. */
export function pickLocale(header: string | undefined, fallback: Locale = 'zh-CN'): Locale {
  if (!header) return fallback;
  for (const part of header.split(',')) {
    const tag = part.trim().split(';')[0].toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}
