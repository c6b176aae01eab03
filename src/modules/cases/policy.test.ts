import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/scope.js';
import type { Role } from '../../db/schema.js';
import { allowedActions, canSeeCase, isSupervisor, isTierTeam } from './policy.js';
import type { CaseState, CaseTable, Tier } from './tables.js';
import { actionRules, caseActions, nextTier } from './workflow.js';

const community = '/231085/231085100/231085100001/';
const compound = `${community}231085100001001/`;
const stairwell = `${compound}231085100001001001/23108510000100100101/`;
const otherCommunity = '/231085/231085100/231085100002/';

function actor(role: Role, scope: string[], userId = `u-${role}`): Actor {
  return { userId, username: role, displayName: role, role, personId: null, locale: 'zh-CN', isGlobal: role === 'admin', scopePaths: scope, scopeGridIds: scope.map((_, i) => `g${i}`) };
}

function buildCase(overrides: Partial<CaseTable> = {}): CaseTable {
  return {
    id: 'c1', number: '2026-000001', type: 'hazard', category_id: 'cat', title: 't', description: 'd', state: 'reported', is_open: 1, tier: 'stairwell', channel: 'web',
    grid_id: 'g', grid_path: stairwell, handling_grid_id: 'g', handling_path: stairwell, lng: null, lat: null, address: null,
    reporter_user_id: 'u-resident', reporter_person_id: null, reporter_name: null, reporter_phone_enc: null, reporter_phone_hash: null, reporter_phone_last4: null,
    limits: '{}', stage: 'accept', due_at: null, overdue_at: null, sla_escalated_at: null, discovered_at: '', accepted_at: null, response_due_at: null, responded_at: null, assessed_at: null, intervened_at: null,
    resolved_at: null, closed_at: null, closed_via: null, resolution_id: null, rework_count: 0, escalation_count: 0, reopen_count: 0, lowest_tier: 'stairwell',
    feedback: null, rating: null, rated_at: null, merged_into_id: null, suspended_from: null, is_skipped_level: 0, is_criminal_risk: 0, priority: 'normal', pending_request: null,
    version: 1, created_at: '', updated_at: '', ...overrides,
  };
}

const steward = actor('steward', [stairwell]);
const worker = actor('gridWorker', [compound]);
const secretary = actor('secretary', [community]);
const otherSecretary = actor('secretary', [otherCommunity]);
const resident = actor('resident', [compound]);
const noAccess = { departmentIds: [], referralDepartmentIds: [] };

describe('who holds a case', () => {
  const table: [string, Actor, Tier, string, boolean][] = [
    ['steward at the stairwell', steward, 'stairwell', stairwell, true],
    ['grid worker above the stairwell', worker, 'stairwell', stairwell, true],
    ['steward not at compound tier', steward, 'compound', compound, false],
    ['secretary for a compound case', secretary, 'compound', compound, true],
    ['secretary of another community', otherSecretary, 'compound', compound, false],
    ['resident never', resident, 'stairwell', stairwell, false],
  ];
  it.each(table)('%s', (_label, who, tier, path, expected) => {
    expect(isTierTeam(who, buildCase({ tier, handling_path: path }))).toBe(expected);
  });

  it('supervises only strictly below its own tier', () => {
    expect(isSupervisor(worker, buildCase({ tier: 'stairwell' }))).toBe(true);
    expect(isSupervisor(worker, buildCase({ tier: 'compound', handling_path: compound }))).toBe(false);
    expect(isSupervisor(secretary, buildCase({ tier: 'compound', handling_path: compound }))).toBe(true);
  });
});

describe('visibility', () => {
  it('lets the reporter, the place and a summoned department see a case, and nobody else', () => {
    const c = buildCase();
    expect(canSeeCase(resident, c, noAccess)).toBe(true);
    expect(canSeeCase(actor('resident', [compound], 'u-other'), c, noAccess)).toBe(false);
    expect(canSeeCase(secretary, c, noAccess)).toBe(true);
    expect(canSeeCase(otherSecretary, c, noAccess)).toBe(false);
    const officer = actor('departmentOfficer', [], 'u-officer');
    expect(canSeeCase(officer, c, noAccess)).toBe(false);
    expect(canSeeCase(officer, c, { departmentIds: ['d1'], referralDepartmentIds: ['d1'] })).toBe(true);
  });
});

describe('the offered actions follow the state machine', () => {
  it('never offers an action whose rule does not start from the state', () => {
    const all: CaseState[] = ['reported', 'accepted', 'registered', 'dispatched', 'handling', 'reportedBack', 'verified', 'closed', 'rated', 'suspended', 'merged', 'rejected'];
    for (const state of all) {
      for (const who of [steward, worker, secretary, resident]) {
        for (const action of allowedActions(who, buildCase({ state, suspended_from: state === 'suspended' ? 'handling' : null }))) {
          expect(actionRules[action].from).toContain(state);
        }
      }
    }
  });

  it('offers a new report to the stairwell team: accept, reject, escalate, merge', () => {
    expect(allowedActions(steward, buildCase()).sort()).toEqual(['accept', 'comment', 'escalate', 'merge', 'reject'].sort());
    expect(allowedActions(resident, buildCase())).toEqual([]);
  });

  it('lets only the reporter rate, and staff log a follow-up visit', () => {
    const closed = buildCase({ state: 'closed', is_open: 0 });
    expect(allowedActions(resident, closed)).toEqual(['rate']);
    expect(allowedActions(worker, closed)).toEqual(expect.arrayContaining(['followUp', 'reopen']));
    expect(allowedActions(worker, closed)).not.toContain('rate');
  });

  it('offers approvals only while a request waits, and only to a supervisor', () => {
    const waiting = buildCase({ state: 'dispatched', pending_request: JSON.stringify({ kind: 'return' }) });
    expect(allowedActions(worker, waiting)).toEqual(expect.arrayContaining(['approveReturn', 'denyReturn']));
    expect(allowedActions(steward, waiting)).not.toContain('approveReturn');
    expect(allowedActions(steward, waiting)).not.toContain('requestReturn');
    expect(allowedActions(worker, buildCase({ state: 'dispatched' }))).not.toContain('approveReturn');
  });

  it('climbs one tier at a time and stops at the city', () => {
    expect(nextTier('stairwell')).toBe('compound');
    expect(nextTier('subdistrict')).toBe('city');
    expect(nextTier('city')).toBeUndefined();
    expect(allowedActions(actor('admin', []), buildCase({ tier: 'city', handling_path: '/' }))).not.toContain('escalate');
  });

  it('has a rule for every action', () => {
    expect(caseActions.length).toBe(Object.keys(actionRules).length);
  });
});
