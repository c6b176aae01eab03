import { describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.js';
import type { Actor } from '../../core/scope.js';
import { ancestorPathsOf, canSeePlace, mayOrganize } from './policy.js';

const community = '/231085/231085100/231085100001/';
const compound = `${community}231085100001001/`;
const otherCommunity = '/231085/231085100/231085100002/';

function actor(role: Role, scope: string[], userId = `u-${role}`): Actor {
  return { userId, username: role, displayName: role, role, personId: 'p', locale: 'zh-CN', isGlobal: role === 'admin', scopePaths: scope, scopeGridIds: [] };
}

describe('who sees a team or activity', () => {
  const table: [string, Actor, string, boolean][] = [
    ['a resident: their compound\'s', actor('resident', [compound]), compound, true],
    ['a resident: their community\'s (the place above them)', actor('resident', [compound]), community, true],
    ['a resident: another community\'s', actor('resident', [compound]), otherCommunity, false],
    ['a grid worker: only inside their compound', actor('gridWorker', [compound]), community, false],
    ['a secretary: the compounds of their community', actor('secretary', [community]), compound, true],
    ['a secretary: another community', actor('secretary', [community]), otherCommunity, false],
  ];
  it.each(table)('%s', (_, who, path, expected) => {
    expect(canSeePlace(who, path)).toBe(expected);
  });
});

describe('who organises an activity', () => {
  const table: [string, Actor, { organizer_user_id: string | null; grid_path: string }, boolean][] = [
    ['the organiser, even outside their scope now', actor('gridWorker', [otherCommunity], 'u-1'), { organizer_user_id: 'u-1', grid_path: compound }, true],
    ['staff of the place', actor('secretary', [community]), { organizer_user_id: 'u-1', grid_path: compound }, true],
    ['staff elsewhere', actor('secretary', [otherCommunity]), { organizer_user_id: 'u-1', grid_path: compound }, false],
    ['a member of the place', actor('partyMember', [community]), { organizer_user_id: 'u-1', grid_path: compound }, false],
  ];
  it.each(table)('%s', (_, who, activity, expected) => {
    expect(mayOrganize(who, activity)).toBe(expected);
  });
  it('lists the places above a scope', () => {
    expect(ancestorPathsOf(actor('resident', [compound]))).toEqual(['/231085/', '/231085/231085100/', community]);
  });
});
