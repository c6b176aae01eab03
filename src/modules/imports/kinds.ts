import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };

/** What can be imported (A3): places, people, party members and partner organisations. */
export const importKinds = ['buildings', 'residents', 'partyMembers', 'organizations'] as const;
export type ImportKind = (typeof importKinds)[number];

/** One column of an import file: its key (also its English name) and whether a value is required. */
export interface ImportColumn {
  key: string;
  isRequired: boolean;
}

const col = (key: string, isRequired = false): ImportColumn => ({ key, isRequired });

/** The columns of each kind, in template order. Headers, notes and examples live in the locale files. */
export const importColumns: Record<ImportKind, ImportColumn[]> = {
  buildings: [col('code', true), col('name', true), col('compoundCode', true), col('stairwells'), col('floors'), col('address')],
  residents: [col('name', true), col('idNumber'), col('phone'), col('gridCode', true), col('room'), col('floor'), col('gender'), col('birthYear'), col('relation'), col('careGroups'), col('note')],
  partyMembers: [col('name', true), col('idNumber', true), col('phone'), col('gridCode'), col('kind', true), col('partyOrg'), col('employer'), col('joinedOn')],
  organizations: [
    col('name', true), col('kind', true), col('gridCode', true), col('creditCode'), col('address'), col('partyOrgName'), col('partyOrgKind'), col('partyMemberCount'),
    col('secretaryName'), col('contactName'), col('contactPhone'), col('description'),
  ],
};

type ColumnText = { header: string; note: string; example: string };
type Catalog = typeof zhCN.imports;
const catalogs: Record<'zh-CN' | 'en', Catalog> = { 'zh-CN': zhCN.imports, en: en.imports };

/** Header, note and example of a column in one language. */
export function columnText(locale: 'zh-CN' | 'en', kind: ImportKind, key: string): ColumnText {
  return (catalogs[locale].columns[kind] as Record<string, ColumnText>)[key];
}

export function templateText(locale: 'zh-CN' | 'en'): Catalog['template'] {
  return catalogs[locale].template;
}

/** A header as people type it: trimmed, without the required marker `*`, lower case, no spaces. */
export function normalizeHeader(header: string): string {
  return header.replace(/[*＊]/g, '').replace(/\s+/g, '').toLowerCase();
}

/** Every accepted spelling of a kind's headers (Chinese, English, the key) → column key. */
export function headerLookup(kind: ImportKind): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key } of importColumns[kind]) {
    for (const spelling of [key, columnText('zh-CN', kind, key).header, columnText('en', kind, key).header]) map.set(normalizeHeader(spelling), key);
  }
  return map;
}

type ValueSet = keyof Catalog['values'];

/**
 * Reads an enumerated cell: the code itself (`inService`) or its name in either language
 * (`在职党员`, `in service`). Returns the code, or undefined when nothing matches.
 */
export function enumValue<T extends string>(set: ValueSet, text: string): T | undefined {
  const wanted = normalizeHeader(text);
  for (const [code, zh] of Object.entries(catalogs['zh-CN'].values[set] as Record<string, string>)) {
    const english = (catalogs.en.values[set] as Record<string, string>)[code];
    if ([code, zh, english].some((s) => normalizeHeader(s) === wanted)) return code as T;
  }
  return undefined;
}

/** The allowed values of a set, as shown in a reason message (Chinese names). */
export function allowedValues(set: ValueSet): string {
  return Object.values(catalogs['zh-CN'].values[set] as Record<string, string>).join('、');
}
