import { describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.js';
import type { Actor } from '../../core/scope.js';
import { cobuildPolicy, evaluationSideOf, mayManageOrganization } from './policy.js';

const commA = '/231085/231085100/231085100001/';
const commB = '/231085/231085100/231085100002/';

function actor(role: Role, scope: string[], userId = `u-${role}`): Actor {
  return { userId, username: role, displayName: role, role, personId: null, locale: 'zh-CN', isGlobal: role === 'admin', scopePaths: scope, scopeGridIds: [] };
}

describe('who manages an organisation', () => {
  const located = { grid_path: `${commA}231085100001001/`, contact_user_id: 'u-contact' };
  const table: [string, Actor, string[], boolean][] = [
    ['secretary where it is located', actor('secretary', [commA]), [], true],
    ['secretary where it serves', actor('secretary', [commB]), [commB], true],
    ['secretary of a community it neither sits in nor serves', actor('secretary', [commB]), [], false],
    ['its own contact, wherever the contact\'s scope', actor('orgContact', [commB], 'u-contact'), [], true],
    ['another organisation\'s contact in the same community', actor('orgContact', [commA], 'u-other'), [commA], false],
    ['the admin', actor('admin', []), [], true],
  ];
  it.each(table)('%s', (_, who, served, expected) => {
    expect(mayManageOrganization(who, located, served)).toBe(expected);
  });
});

describe('evaluation sides', () => {
  it.each([
    ['orgContact', 'employer'],
    ['secretary', 'community'],
    ['cadre', 'community'],
    ['gridWorker', null],
    ['partyMember', null],
  ] as const)('%s grades as %s', (role, side) => {
    expect(evaluationSideOf(actor(role, [commA]))).toBe(side);
  });
});

describe('the permission table', () => {
  it('keeps residents out of co-building and only lets party members register themselves', () => {
    const holders = (role: Role) => Object.entries(cobuildPolicy).filter(([, roles]) => (roles as readonly Role[]).includes(role)).map(([action]) => action);
    expect(holders('resident')).toEqual(['registration.mine']);
    expect(holders('partyMember').sort()).toEqual(['organization.directory', 'registration.mine', 'registration.self']);
    expect(cobuildPolicy['assessment.configure']).toEqual(['admin', 'cadre']);
  });
});
