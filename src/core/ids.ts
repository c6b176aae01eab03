import { v7 } from 'uuid';

/** A new time-ordered primary key (UUIDv7). */
export function newId(): string {
  return v7();
}
