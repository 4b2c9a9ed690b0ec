// The contracts register's search: a reference typed into the search box matches the start of a contract's
// reference, case-insensitively, from an index (the text search parser splits references like "R-0042" oddly).
// Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index contract_org_reference_prefix_idx on contract (organisation_id, lower(reference) text_pattern_ops);
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index contract_org_reference_prefix_idx`.execute(db)
}
