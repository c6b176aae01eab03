import { describe, expect, it } from 'vitest';
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { intersection } from 'polyclip-ts';
import { birthYearOf, genderOf, idNumberProblem, normalizePhone } from '../src/core/people/identity.js';
import { DEMO_COMMUNITY_PARTY_MEMBERS, generateWorld, summarizeWorld, type DemoGrid, type DemoWorld, type Polygon } from './generate.js';

const small = generateWorld({ seed: 7, scale: 0.05 });

function byLevel(world: DemoWorld, level: DemoGrid['level']): DemoGrid[] {
  return world.grids.filter((g) => g.level === level);
}

function ring(g: DemoGrid): number[][] {
  return (g.boundary as Polygon).coordinates[0];
}

/** Planar shoelace area in square degrees: exactly additive over a partition, unlike geodesic formulas with T-junctions. */
function planarArea(g: DemoGrid): number {
  const r = ring(g);
  let a = 0;
  for (let i = 0; i < r.length - 1; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return Math.abs(a / 2);
}

function centroidOf(g: DemoGrid): [number, number] {
  const r = ring(g).slice(0, -1);
  return [r.reduce((s, p) => s + p[0], 0) / r.length, r.reduce((s, p) => s + p[1], 0) / r.length];
}

describe('generateWorld', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateWorld({ seed: 7, scale: 0.05 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    const other = generateWorld({ seed: 8, scale: 0.05 });
    expect(other.grids[1].boundary).not.toEqual(small.grids[1].boundary);
    expect(other.persons.slice(0, 50).map((p) => p.idNumber)).not.toEqual(small.persons.slice(0, 50).map((p) => p.idNumber));
  });

  it('has the six communities, 245 compounds and their party organisations whatever the scale', () => {
    const communities = byLevel(small, 'community');
    expect(communities.map((c) => c.code)).toEqual(['231085100001', '231085100002', '231085100003', '231085100004', '231085100005', '231085100006']);
    expect(communities.map((c) => c.name)).toEqual(['民主社区', '富家社区', '头雁社区', '曙光社区', '沿河社区', '和平社区']);
    const compounds = byLevel(small, 'compound');
    expect(compounds).toHaveLength(245);
    for (const c of compounds) expect(c.code).toMatch(new RegExp(`^${c.parentCode}\\d{3}$`));
    const perCommunity = communities.map((c) => compounds.filter((k) => k.parentCode === c.code).length);
    for (const n of perCommunity) expect(n).toBeGreaterThanOrEqual(30);
    expect(new Set(perCommunity).size).toBeGreaterThan(1);
    expect(new Set(compounds.map((c) => c.name)).size).toBe(245);

    const committees = small.partyOrgs.filter((o) => o.kind === 'committee');
    expect(committees.map((o) => o.gridCode).sort()).toEqual(communities.map((c) => c.code));
    expect(committees[0].name).toBe('民主社区党委');
    const branches = small.partyOrgs.filter((o) => o.kind === 'branch');
    expect(branches.map((o) => o.gridCode).sort()).toEqual(compounds.map((c) => c.code).sort());
    const firstCompound = compounds[0];
    expect(branches.find((b) => b.gridCode === firstCompound.code)!.name).toBe(`${firstCompound.name}网格党支部`);

    expect(small.partyMembers).toHaveLength(DEMO_COMMUNITY_PARTY_MEMBERS);
    expect(small.partyMembers.every((m) => m.kind === 'community')).toBe(true);
    expect(new Set(small.partyMembers.map((m) => m.personKey)).size).toBe(762);
    const homeOf = new Map(small.persons.map((p) => [p.key, p.gridCode]));
    const perCommunityMembers = communities.map((c) => small.partyMembers.filter((m) => homeOf.get(m.personKey)!.startsWith(c.code)).length);
    for (const n of perCommunityMembers) expect(n).toBeGreaterThan(50);
    const orgs = new Map(small.partyOrgs.map((o) => [o.key, o]));
    for (const m of small.partyMembers) expect(homeOf.get(m.personKey)!.startsWith(orgs.get(m.partyOrgKey)!.gridCode)).toBe(true);
  });

  it('lists grids parents first with codes extending their parent', () => {
    const seen = new Set<string>();
    const digits = { city: 6, subdistrict: 9, community: 12, compound: 15, building: 18, stairwell: 20 };
    for (const g of small.grids) {
      if (g.parentCode !== null) {
        expect(seen.has(g.parentCode)).toBe(true);
        expect(g.code.startsWith(g.parentCode)).toBe(true);
      }
      expect(g.code).toHaveLength(digits[g.level]);
      seen.add(g.code);
    }
    expect(small.grids[0]).toMatchObject({ code: '231085', name: '穆棱市', level: 'city', parentCode: null });
    expect(small.grids[1]).toMatchObject({ code: '231085100', name: '八面通镇', level: 'subdistrict' });
    expect(byLevel(small, 'building').every((b) => /^\d+号楼$/.test(b.name))).toBe(true);
    expect(byLevel(small, 'stairwell').every((s) => /^[1-4]单元$/.test(s.name))).toBe(true);
  });

  it('puts the subdistrict inside the city and partitions it without gaps or overlaps', () => {
    const [city, subdistrict] = small.grids;
    for (const p of ring(subdistrict)) expect(booleanPointInPolygon(p, city.boundary as Polygon)).toBe(true);
    const km2 = area(subdistrict.boundary as Polygon) / 1e6;
    expect(km2).toBeGreaterThan(12);
    expect(km2).toBeLessThan(25);

    const communities = byLevel(small, 'community');
    const sum = communities.reduce((s, c) => s + planarArea(c), 0);
    expect(Math.abs(sum - planarArea(subdistrict)) / sum).toBeLessThan(5e-8); // < 1 m² over the whole town: vertices keep 9 decimals
    for (let i = 0; i < communities.length; i++) {
      for (let j = i + 1; j < communities.length; j++) {
        const overlap = intersection([ring(communities[i])] as never, [ring(communities[j])] as never) as number[][][][];
        const m2 = overlap.reduce((s, poly) => s + area({ type: 'Polygon', coordinates: poly }), 0);
        expect(m2).toBeLessThan(1);
      }
    }

    const compounds = byLevel(small, 'compound');
    for (const community of communities) {
      const own = compounds.filter((c) => c.parentCode === community.code);
      const total = own.reduce((s, c) => s + planarArea(c), 0);
      const whole = planarArea(community);
      expect(Math.abs(total - whole) / whole).toBeLessThan(5e-8); // < 1 m² over the whole town: vertices keep 9 decimals
      for (const c of own) expect(booleanPointInPolygon(centroidOf(c), community.boundary as Polygon)).toBe(true);
    }
  });

  it('places non-overlapping buildings inside their compound, tiled by their stairwells', () => {
    const grid = new Map(small.grids.map((g) => [g.code, g]));
    const buildings = byLevel(small, 'building');
    const stairwells = byLevel(small, 'stairwell');
    expect(buildings.length).toBeGreaterThan(600);
    for (const b of buildings) {
      const compound = grid.get(b.parentCode!)!;
      for (const p of ring(b)) expect(booleanPointInPolygon(p, compound.boundary as Polygon, { ignoreBoundary: true })).toBe(true);
      const parts = stairwells.filter((s) => s.parentCode === b.code);
      expect(parts.length).toBeGreaterThanOrEqual(1);
      expect(parts.length).toBeLessThanOrEqual(4);
      const partArea = parts.reduce((s, p) => s + area(p.boundary as Polygon), 0);
      expect(Math.abs(partArea - area(b.boundary as Polygon)) / partArea).toBeLessThan(1e-3);
    }
    for (const compound of byLevel(small, 'compound')) {
      const own = buildings.filter((b) => b.parentCode === compound.code);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(6);
      for (let i = 0; i < own.length; i++) {
        for (let j = i + 1; j < own.length; j++) {
          expect(intersection([ring(own[i])] as never, [ring(own[j])] as never)).toHaveLength(0);
        }
      }
    }
  });

  it('gives every person a valid, unique identity number matching gender and birth year, and valid phones', () => {
    const ids = new Set<string>();
    const phones = new Set<string>();
    for (const p of small.persons) {
      expect(idNumberProblem(p.idNumber)).toBeNull();
      expect(p.idNumber.startsWith('231085')).toBe(true);
      expect(genderOf(p.idNumber)).toBe(p.gender);
      expect(birthYearOf(p.idNumber)).toBe(p.birthYear);
      ids.add(p.idNumber);
      if (p.phone !== null) {
        expect(normalizePhone(p.phone)).toBe(p.phone);
        phones.add(p.phone);
      }
      expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    }
    expect(ids.size).toBe(small.persons.length);
    expect(phones.size).toBe(small.persons.filter((p) => p.phone !== null).length);
  });

  it('keeps households coherent: one head, members in the room of the household', () => {
    const rooms = new Map(small.rooms.map((r) => [r.key, r]));
    const persons = new Map(small.persons.map((p) => [p.key, p]));
    const members = new Map<string, number>();
    for (const p of small.persons) members.set(p.householdKey, (members.get(p.householdKey) ?? 0) + 1);
    for (const h of small.households) {
      const head = persons.get(h.headPersonKey)!;
      expect(head.relation).toBe('head');
      expect(head.householdKey).toBe(h.key);
      expect(rooms.get(h.roomKey)!.gridCode).toBe(h.gridCode);
      expect(members.get(h.key)).toBeGreaterThanOrEqual(1);
    }
    for (const p of small.persons) {
      expect(rooms.get(p.roomKey)!.gridCode).toBe(p.gridCode);
      expect(small.referenceYear - p.birthYear).toBeGreaterThanOrEqual(p.relation === 'head' ? 18 : 1);
    }
    const stairwells = byLevel(small, 'stairwell');
    const lived = new Set(small.persons.map((p) => p.gridCode));
    expect(stairwells.every((s) => lived.has(s.code))).toBe(true);
    for (const r of small.rooms) expect(r.number).toMatch(/^\d+0[12]$/);
  });

  it('assigns responsibility per grid, leaving the documented gaps', () => {
    const compounds = byLevel(small, 'compound');
    const stairwells = byLevel(small, 'stairwell');
    const communities = byLevel(small, 'community');
    const of = (role: string, code: string) => small.assignments.filter((a) => a.role === role && a.gridCode === code);
    const persons = new Map(small.persons.map((p) => [p.key, p]));

    expect(small.gaps.stairwellsWithoutSteward).toHaveLength(6);
    expect(small.gaps.compoundsWithoutPartyOrg).toHaveLength(2);
    expect(small.gaps.stairwellsWithoutSteward.some((s) => s.startsWith('231085100001'))).toBe(true);
    for (const s of stairwells) {
      const stewards = of('steward', s.code);
      if (small.gaps.stairwellsWithoutSteward.includes(s.code)) expect(stewards).toHaveLength(0);
      else {
        expect(stewards).toHaveLength(1);
        expect(persons.get(stewards[0].personKey!)!.gridCode).toBe(s.code);
      }
    }
    const branchOf = new Map(small.partyOrgs.map((o) => [o.key, o]));
    for (const c of compounds) {
      const orgs = of('partyOrg', c.code);
      if (small.gaps.compoundsWithoutPartyOrg.includes(c.code)) expect(orgs).toHaveLength(0);
      else {
        expect(orgs).toHaveLength(1);
        expect(orgs[0].personKey).toBeNull();
        expect(branchOf.get(orgs[0].partyOrgKey!)!.gridCode).toBe(c.code);
      }
      expect(of('gridWorker', c.code)).toHaveLength(1);
    }
    const covered = new Map<string, number>();
    for (const a of small.assignments.filter((x) => x.role === 'gridWorker')) covered.set(a.personKey!, (covered.get(a.personKey!) ?? 0) + 1);
    for (const n of covered.values()) expect(n >= 3 && n <= 5).toBe(true);

    for (const community of communities) {
      expect(of('cadre', community.code)).toHaveLength(1);
      const secretary = small.staff.find((s) => s.position === 'secretary' && s.communityCode === community.code)!;
      const head = small.assignments.filter((a) => a.role === 'compoundHead' && a.gridCode.startsWith(community.code));
      expect(head).toHaveLength(1);
      expect(head[0].personKey).toBe(secretary.personKey);
      const own = compounds.filter((c) => c.parentCode === community.code);
      const largest = Math.max(...own.map((c) => c.attributes!.plannedRooms as number));
      expect(own.find((c) => c.code === head[0].gridCode)!.attributes!.plannedRooms).toBe(largest);
      const workers = small.staff.filter((s) => s.position === 'communityWorker' && s.communityCode === community.code);
      expect(workers.length).toBeGreaterThanOrEqual(3);
      expect(workers.length).toBeLessThanOrEqual(5);
    }
  });

  it('creates one demo account per role with its scope', () => {
    expect(small.accounts.map((a) => a.username)).toEqual([
      'demo-cadre', 'demo-secretary', 'demo-gridworker', 'demo-steward', 'demo-departmentofficer',
      'demo-operator', 'demo-orgcontact', 'demo-partymember', 'demo-resident',
    ]);
    const account = new Map(small.accounts.map((a) => [a.role, a]));
    expect(account.get('cadre')!.scopeGridCodes).toEqual(['231085100']);
    expect(account.get('secretary')!.scopeGridCodes).toEqual(['231085100001']);
    expect(account.get('departmentOfficer')!.scopeGridCodes).toEqual(['231085']);
    const gridWorker = account.get('gridWorker')!;
    expect(gridWorker.scopeGridCodes.length).toBeGreaterThanOrEqual(3);
    for (const code of gridWorker.scopeGridCodes) {
      expect(small.assignments.some((a) => a.role === 'gridWorker' && a.gridCode === code && a.personKey === gridWorker.personKey)).toBe(true);
    }
    const steward = account.get('steward')!;
    expect(small.assignments.some((a) => a.role === 'steward' && a.gridCode === steward.scopeGridCodes[0] && a.personKey === steward.personKey)).toBe(true);
    const member = account.get('partyMember')!;
    expect(small.partyMembers.some((m) => m.personKey === member.personKey)).toBe(true);
    const resident = small.persons.find((p) => p.key === account.get('resident')!.personKey)!;
    expect(resident.gridCode.slice(0, 15)).toBe(account.get('resident')!.scopeGridCodes[0]);
    for (const a of small.accounts) expect(a.personKey).not.toBeNull();
  });

  it('gives every other grid worker an account scoped to the compounds they hold', () => {
    const accounts = [small.accounts.find((a) => a.role === 'gridWorker')!, ...small.staffAccounts];
    expect(small.staffAccounts.length).toBeGreaterThanOrEqual(30);
    expect(small.staffAccounts.every((a) => a.role === 'gridWorker' && /^gridworker-\d{3}-\d{2}$/.test(a.username))).toBe(true);
    expect(new Set(accounts.map((a) => a.username)).size).toBe(accounts.length);
    expect(new Set(accounts.map((a) => a.personKey)).size).toBe(accounts.length);
    // Together they hold every compound once, each exactly the compounds of their 网格员 assignments.
    const held = accounts.flatMap((a) => a.scopeGridCodes).sort();
    expect(held).toEqual(byLevel(small, 'compound').map((g) => g.code).sort());
    for (const a of accounts) {
      const duty = small.assignments.filter((x) => x.role === 'gridWorker' && x.personKey === a.personKey).map((x) => x.gridCode).sort();
      expect(a.scopeGridCodes.slice().sort()).toEqual(duty);
      expect(small.persons.find((p) => p.key === a.personKey)!.name).toBe(a.displayName);
    }
    // Everyone on duty began before any demo period (three years before a load in 2025 or later).
    expect(small.assignments.every((a) => a.startOn <= '2021-12-31')).toBe(true);
  });

  it('houses roughly 40–60 thousand residents at full scale with the same grid', () => {
    const full = generateWorld({ seed: 7 });
    const counts = summarizeWorld(full);
    expect(counts.persons).toBeGreaterThan(40_000);
    expect(counts.persons).toBeLessThan(60_000);
    expect(counts.partyMembers).toBe(762);
    expect(full.grids).toEqual(small.grids);
    const care = full.careGroups.length / counts.persons;
    expect(care).toBeGreaterThan(0.02);
    expect(care).toBeLessThan(0.1);
  });
});
