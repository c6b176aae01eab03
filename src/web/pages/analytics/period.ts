/** The period presets of the analytics pages, as local dates (Asia/Shanghai, UTC+8) with both ends included. */
export const presets = ['thisMonth', 'thisQuarter', 'thisYear', 'last12Months', 'all'] as const;
export type Preset = (typeof presets)[number];

const OFFSET_MS = 8 * 3600_000;

/** Today's date in Beijing. */
export function today(now = new Date()): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The longest period the server answers: ten years. */
const MAX_YEARS = 10;

/** `from`/`to` of a preset; `all` is the longest period the server answers (ten years to today). */
export function periodOf(preset: Preset, now = new Date()): { from?: string; to?: string } {
  const to = today(now);
  const [y, m] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (preset) {
    case 'thisMonth':
      return { from: `${y}-${pad(m)}-01`, to };
    case 'thisQuarter':
      return { from: `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`, to };
    case 'thisYear':
      return { from: `${y}-01-01`, to };
    case 'last12Months':
      return { from: new Date(Date.UTC(y - 1, m - 1, Number(to.slice(8, 10)) + 1)).toISOString().slice(0, 10), to };
    default:
      return { from: new Date(Date.UTC(y - MAX_YEARS, m - 1, Number(to.slice(8, 10)) + 1)).toISOString().slice(0, 10), to };
  }
}

export function isPreset(value: string | null): value is Preset {
  return (presets as readonly string[]).includes(value ?? '');
}
