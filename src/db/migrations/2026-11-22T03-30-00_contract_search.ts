// The contracts register's search, fast at 50,000 contracts: an index per order the register offers (so a page is
// read in order rather than sorting every match), a narrow covering index to count the contracts that match the filters without reading the table,
// partial indexes of the SME and VCSE parties for those filters, and the start of a reference typed into the search
// box matched from an index (the text search parser splits references like "R-0042" oddly); and a version number of
// the register for caching search results. Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index contract_org_reference_prefix_idx on contract (organisation_id, lower(reference) text_pattern_ops);
    create index contract_org_filter_idx on contract (organisation_id)
      include (status, start_date, end_date, department, category, total_value, confidential_fields);
    create index contract_org_start_order_idx on contract (organisation_id, start_date desc nulls last, reference);
    create index contract_org_end_order_idx on contract (organisation_id, end_date, reference);
    create index contract_org_title_order_idx on contract (organisation_id, lower(title), reference);
    create index contract_org_value_order_idx on contract (organisation_id, total_value desc nulls last, reference);
    create index contract_org_public_value_order_idx on contract (
      organisation_id,
      (case when 'totalValue' = any (confidential_fields) then null else total_value end) desc nulls last,
      reference
    );
    create index contract_supplier_sme_idx on contract_supplier (contract_id) where is_sme;
    create index contract_supplier_vcse_idx on contract_supplier (contract_id) where is_vcse;

    -- A number that changes whenever any statement changes a contract or its parties, so web processes can keep
    -- search results and know, with one tiny read, when they must stop using them. Per statement, not per row, so an
    -- import of thousands of rows bumps it a few times, not thousands.
    create table contract_register_version (id boolean primary key default true check (id), version bigint not null);
    insert into contract_register_version (version) values (1);
    create function bump_contract_register_version() returns trigger language plpgsql as $$
    begin
      update contract_register_version set version = version + 1;
      return null;
    end $$;
    create trigger contract_register_version_bump after insert or update or delete or truncate on contract
      for each statement execute function bump_contract_register_version();
    create trigger contract_register_version_bump after insert or update or delete or truncate on contract_supplier
      for each statement execute function bump_contract_register_version();
    create trigger contract_register_version_bump after insert or update or delete or truncate on contract_lot
      for each statement execute function bump_contract_register_version();
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger contract_register_version_bump on contract_lot;
    drop trigger contract_register_version_bump on contract_supplier;
    drop trigger contract_register_version_bump on contract;
    drop function bump_contract_register_version();
    drop table contract_register_version;
    drop index contract_supplier_vcse_idx;
    drop index contract_supplier_sme_idx;
    drop index contract_org_public_value_order_idx;
    drop index contract_org_value_order_idx;
    drop index contract_org_title_order_idx;
    drop index contract_org_end_order_idx;
    drop index contract_org_start_order_idx;
    drop index contract_org_filter_idx;
    drop index contract_org_reference_prefix_idx;
  `.execute(db)
}
