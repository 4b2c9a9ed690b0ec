// The register's SME and VCSE filters read from the contract itself: whether any of its suppliers is an SME or a
// VCSE, kept with the search vectors whenever its parties change, and carried by the covering filter index, so
// counting the matches reads one index instead of joining every party. Searches are many small queries at once, so
// the contract table is never scanned by parallel workers (on a small machine they only queue for the same cores).
// Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table contract add column any_sme boolean not null default false, add column any_vcse boolean not null default false;
    update contract c set
      any_sme = exists (select 1 from contract_supplier s where s.contract_id = c.id and s.is_sme),
      any_vcse = exists (select 1 from contract_supplier s where s.contract_id = c.id and s.is_vcse);
    drop index contract_org_filter_idx;
    create index contract_org_filter_idx on contract (organisation_id)
      include (status, start_date, end_date, department, category, total_value, confidential_fields, any_sme, any_vcse);
    alter table contract set (parallel_workers = 0);
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table contract reset (parallel_workers);
    drop index contract_org_filter_idx;
    create index contract_org_filter_idx on contract (organisation_id)
      include (status, start_date, end_date, department, category, total_value, confidential_fields);
    alter table contract drop column any_vcse, drop column any_sme;
  `.execute(db)
}
