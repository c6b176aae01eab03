/**
 * Factories for co-building and volunteer tests: an organisation with its contact account, an
 * in-service member with an account, and requests through the API as a person would make them.
 */
import { expect } from 'vitest';
import type { TestHarness } from '../../testing/harness.js';
import { buildPerson, buildUser, type BuiltGrid } from '../../testing/factories.js';

type Headers = Record<string, string>;

export async function call(h: TestHarness, headers: Headers, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return h.app.inject({ method, url, headers, payload: payload as never });
}

/** Calls and insists on success (or on `status`), returning the JSON body. */
export async function ok<T = any>(h: TestHarness, headers: Headers, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, status?: number): Promise<T> {
  const res = await call(h, headers, method, url, payload);
  if (status !== undefined) expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  else expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json() as T;
}

/** An organisation located at `grid`, registered with `community`, whose contact is a new orgContact account. */
export async function buildOrganization(h: TestHarness, staff: Headers, input: { name: string; grid: BuiltGrid; community: BuiltGrid; contactUsername?: string; kind?: string }) {
  const contact = input.contactUsername ? await buildUser(h.ctx, { username: input.contactUsername, role: 'orgContact', scope: [input.community] }) : undefined;
  const { id } = await ok<{ id: string }>(h, staff, 'POST', '/api/cobuild/organizations', {
    name: input.name, kind: input.kind ?? 'institution', gridId: input.grid.id, partyOrgName: `${input.name}党支部`, partyOrgKind: 'branch', partyMemberCount: 30,
    contactName: '联络人', contactPhone: '13800000001', contactUsername: input.contactUsername ?? null,
  });
  await ok(h, staff, 'POST', `/api/cobuild/organizations/${id}/registrations`, { communityId: input.community.id });
  return { id, contact };
}

/** A person living at `grid` with an account of `role` linked to them (scope: `scope`). */
export async function buildMemberAccount(h: TestHarness, input: { username: string; name: string; grid: BuiltGrid; scope: BuiltGrid; role?: 'partyMember' | 'resident' }) {
  const person = await buildPerson(h.ctx, { name: input.name, grid: input.grid });
  const user = await buildUser(h.ctx, { username: input.username, role: input.role ?? 'partyMember', scope: [input.scope] });
  await h.ctx.db.kysely.updateTable('users').set({ person_id: person.id, display_name: input.name }).where('id', '=', user.id).execute();
  return { person, user };
}
