import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, withStatementCache, type Db } from './index.js';

describe('SQLite statement cache', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('hands out one prepared statement per SQL text, drops the least recently used, never one being iterated', () => {
    const raw = new SqliteDatabase(':memory:');
    const cached = withStatementCache(raw);
    const a = cached.prepare('select 1 as n');
    expect(cached.prepare('select 1 as n')).toBe(a);
    for (let i = 0; i < 1000; i++) cached.prepare(`select ${i + 2} as n`);
    // 'select 1' was the least recently used of 1,001 texts: prepared afresh.
    expect(cached.prepare('select 1 as n')).not.toBe(a);
    const b = cached.prepare('select 1 as n');
    const rows = b.iterate();
    rows.next();
    const c = cached.prepare('select 1 as n');
    expect(c).not.toBe(b);
    expect(c.all()).toEqual([{ n: 1 }]);
    rows.return?.();
    expect(cached.prepare('select 1 as n')).toBe(b);
    raw.close();
  });

  it('gives the same answers through Kysely, also after the schema changes under a cached statement', async () => {
    db = openDb({ sqliteFile: ':memory:' });
    await sql`create table t (id integer primary key, name text not null)`.execute(db.kysely);
    const insert = (id: number, name: string) => sql`insert into t (id, name) values (${id}, ${name})`.execute(db!.kysely);
    await insert(1, 'a');
    await insert(2, 'b');
    const all = () => sql<Record<string, unknown>>`select * from t order by id`.execute(db!.kysely).then((r) => r.rows);
    expect(await all()).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    await sql`alter table t add column note text`.execute(db.kysely);
    await sql`update t set note = 'x' where id = 2`.execute(db.kysely);
    expect(await all()).toEqual([{ id: 1, name: 'a', note: null }, { id: 2, name: 'b', note: 'x' }]);
    const updated = await sql`update t set name = ${'c'} where id > ${0}`.execute(db.kysely);
    expect(Number(updated.numAffectedRows)).toBe(2);
    await expect(insert(1, 'dup')).rejects.toThrow(/UNIQUE/);
    // A failed statement leaves the cached one usable.
    await insert(3, 'd');
    expect((await all()).map((r) => r.name)).toEqual(['c', 'c', 'd']);
  });
});
