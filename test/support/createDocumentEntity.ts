import type postgres from "postgres";

export interface StoredDocument {
  readonly id: number;
  readonly data: unknown;
}

/**
 * Creates table wire_test.<name> (id, data jsonb) holding `documents`, each with its 1-based `id`
 * added, and the entity's view wire_test.v_<name>; returns the documents as PostgreSQL stores them
 * (read back, so that an oracle sees what the server filters and orders).
 */
export async function createDocumentEntity(sql: postgres.Sql, name: string, documents: readonly Record<string, unknown>[]): Promise<StoredDocument[]> {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`test entity name ${name} must be lowercase letters and _`);
  await sql.unsafe(`drop table if exists wire_test.${name} cascade`);
  await sql.unsafe(`create table wire_test.${name} (id int primary key, data jsonb not null)`);
  for (const [index, document] of documents.entries()) {
    await sql.unsafe(`insert into wire_test.${name} values ($1, $2::text::jsonb)`, [index + 1, JSON.stringify({ ...document, id: index + 1 })]);
  }
  await sql.unsafe(`create view wire_test.v_${name} as select id, data from wire_test.${name}`);
  const rows = await sql.unsafe<{ data: string }[]>(`select data::text as data from wire_test.${name} order by id`);
  return rows.map((row) => {
    const data = JSON.parse(row.data) as { id: number };
    return { id: data.id, data };
  });
}
