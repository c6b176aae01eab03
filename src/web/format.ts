import i18n from 'i18next';

/**
 * An instant as a date and time in Beijing (the platform's time zone, whatever the browser's), in
 * the page's language: 2026年12月10日 09:00 or 10 Dec 2026, 09:00. Empty text for no instant.
 */
export function beijingTime(iso: string | null | undefined, empty = ''): string {
  if (!iso) return empty;
  const locale = i18n.language?.startsWith('en') ? 'en-GB' : 'zh-CN';
  return new Date(iso).toLocaleString(locale, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
}

/** Today in Beijing as YYYY-MM-DD (the API's days are Beijing days), whatever the browser's zone. */
export function beijingToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
