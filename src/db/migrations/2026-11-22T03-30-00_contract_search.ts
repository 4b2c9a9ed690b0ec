// The contracts register's search, fast at 50,000 contracts: an index per order the register offers (so a page is
// read in order rather than sorting every match), a narrow covering index to count the contracts that match the filters without reading the table,
// partial indexes of the SME and VCSE parties for those filters, and the start of a reference typed into the search
// box matched from an index (the text search parser splits references like "R-0042" oddly). Frozen in time.
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
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
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
