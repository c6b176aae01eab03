/**
 * Open311 GeoReport v2 speaks XML (mandatory) and JSON. Lists are arrays in JSON and
 * `<service_requests><request>…` style elements in XML.
 */
export type Open311Format = 'json' | 'xml';

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element(singular(name), v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function singular(name: string): string {
  const map: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value', service_request_updates: 'request_update', keywords: 'keyword' };
  return map[name] ?? name.replace(/s$/, '');
}

/** Serialises a list (`root` names the XML wrapper) or an object. */
export function render(format: Open311Format, root: string, body: unknown): { type: string; payload: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
  return { type: 'text/xml; charset=utf-8', payload: `<?xml version="1.0" encoding="utf-8"?>${element(root, body)}` };
}

/** Open311 errors: HTTP 400/403/404 with a list of `{code, description}`. */
export class Open311Error extends Error {
  constructor(readonly status: 400 | 403 | 404, readonly errors: { code: number; description: string }[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}
