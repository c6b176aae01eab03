import type { OutboxEvent } from '../../core/notifications/audience.js';

/** At most one `changed` event a second per stream. */
export const DEBOUNCE_MS = 1000;

/**
 * Turns the outbox's case events into debounced `changed` signals for one subtree: the first
 * change is sent at once, later ones within the second are folded into one sent when it ends.
 * Cases outside every grid belong to the city (a root).
 */
export function changeFeed(rootPath: string, send: () => void, debounceMs = DEBOUNCE_MS) {
  const isRoot = rootPath.split('/').filter(Boolean).length === 1;
  let lastSent = 0;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    lastSent = Date.now();
    send();
  };
  return {
    onEvent(event: OutboxEvent): void {
      if (!event.topic.startsWith('case.')) return;
      const path = event.gridPath;
      const isMine = path && path !== '/' ? path.startsWith(rootPath) : isRoot;
      if (!isMine || timer) return;
      const wait = lastSent + debounceMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
