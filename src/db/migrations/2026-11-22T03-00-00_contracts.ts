// Contracts register: contracts with their suppliers and lots, variations and extensions as history, reminders
// sent to owners, register imports with their rejections, per-organisation register settings, and the forward
// pipeline of planned procurements. Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table organisation add column org_identifier text;

    create table contract (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      reference text not null check (length(reference) between 1 and 100),
      title text not null check (length(title) between 1 and 500),
      description text,
      department text,
      owner_user_id uuid references app_user (id) on delete set null,
      owner_name text,
      owner_email text,
      total_value numeric(18, 2),
      annual_value numeric(18, 2),
      irrecoverable_vat numeric(18, 2),
      start_date date,
      end_date date,
      review_date date,
      extension_options text,
      max_end_date date,
      procurement_route text check (
        procurement_route in ('quotation', 'open', 'restricted', 'competitive', 'framework', 'direct', 'other')
      ),
      direct_award_reason text,
      framework_name text,
      cpv_codes text[] not null default '{}',
      category text,
      status text not null default 'active' check (status in ('active', 'terminated', 'cancelled')),
      ocid text,
      confidential_fields text[] not null default '{}',
      notes text,
      source text not null default 'manual',
      import_id uuid,
      fingerprint text,
      search_all tsvector,
      search_public tsvector,
      version integer not null default 1,
      created_by uuid references app_user (id) on delete set null,
      updated_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_date is null or start_date is null or end_date >= start_date),
      check (max_end_date is null or end_date is null or max_end_date >= end_date)
    );
    create unique index contract_reference_key on contract (organisation_id, reference);
    create unique index contract_ocid_key on contract (organisation_id, ocid) where ocid is not null;
    create index contract_org_end_idx on contract (organisation_id, end_date);
    create index contract_org_review_idx on contract (organisation_id, review_date);
    create index contract_org_department_idx on contract (organisation_id, department);
    create index contract_org_category_idx on contract (organisation_id, category);
    create index contract_org_value_idx on contract (organisation_id, total_value);
    create index contract_org_start_idx on contract (organisation_id, start_date);
    create index contract_search_all_idx on contract using gin (search_all);
    create index contract_search_public_idx on contract using gin (search_public);

    create table contract_supplier (
      contract_id uuid not null references contract (id) on delete cascade,
      position integer not null,
      supplier_id uuid references supplier (id) on delete set null,
      name text not null,
      company_number text,
      charity_number text,
      other_registration text,
      postcode text,
      is_sme boolean,
      is_vcse boolean,
      primary key (contract_id, position)
    );
    create index contract_supplier_supplier_idx on contract_supplier (supplier_id);

    create table contract_lot (
      contract_id uuid not null references contract (id) on delete cascade,
      position integer not null,
      lot_number text not null,
      title text not null,
      description text,
      value numeric(18, 2),
      primary key (contract_id, position)
    );

    create table contract_variation (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contract (id) on delete cascade,
      kind text not null check (kind in ('variation', 'extension', 'termination')),
      varied_on date not null,
      reason text not null,
      value_change numeric(18, 2) not null default 0,
      previous_total_value numeric(18, 2),
      new_total_value numeric(18, 2),
      previous_end_date date,
      new_end_date date,
      previous_review_date date,
      new_review_date date,
      approved_by text,
      recorded_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now()
    );
    create index contract_variation_contract_idx on contract_variation (contract_id, varied_on);

    create table contract_reminder (
      contract_id uuid not null references contract (id) on delete cascade,
      kind text not null check (kind in ('end', 'review')),
      due_date date not null,
      lead_months integer not null,
      sent_to text not null,
      sent_at timestamptz not null default now(),
      primary key (contract_id, kind, due_date, lead_months)
    );

    create table contract_settings (
      organisation_id text primary key references organisation (id) on delete cascade,
      reminder_months integer[] not null default '{9,6,3}',
      due_soon_months integer not null default 9 check (due_soon_months between 1 and 36),
      updated_at timestamptz not null default now()
    );

    create table contract_import (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      file_name text not null,
      file_sha256 text not null,
      format text not null,
      status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
      rows_read integer not null default 0,
      created integer not null default 0,
      updated integer not null default 0,
      unchanged integer not null default 0,
      rejected integer not null default 0,
      error text,
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index contract_import_org_idx on contract_import (organisation_id, created_at desc);

    create table contract_import_rejection (
      import_id uuid not null references contract_import (id) on delete cascade,
      row_number integer not null,
      reason text not null,
      raw jsonb
    );
    create index contract_import_rejection_idx on contract_import_rejection (import_id, row_number);

    create table procurement_plan (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      reference text not null check (length(reference) between 1 and 100),
      title text not null check (length(title) between 1 and 500),
      description text,
      department text,
      cpv_codes text[] not null default '{}',
      category text,
      estimated_value numeric(18, 2),
      expected_advert_date date not null,
      expected_start_date date,
      procurement_route text check (
        procurement_route in ('quotation', 'open', 'restricted', 'competitive', 'framework', 'direct', 'other')
      ),
      lots text,
      suitable_for_sme boolean not null default false,
      suitable_for_vcse boolean not null default false,
      contact_name text,
      contact_email text,
      status text not null default 'planned' check (status in ('planned', 'advertised', 'awarded', 'cancelled')),
      created_by uuid references app_user (id) on delete set null,
      updated_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index procurement_plan_reference_key on procurement_plan (organisation_id, reference);
    create index procurement_plan_advert_idx on procurement_plan (expected_advert_date);
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table procurement_plan;
    drop table contract_import_rejection;
    drop table contract_import;
    drop table contract_settings;
    drop table contract_reminder;
    drop table contract_variation;
    drop table contract_lot;
    drop table contract_supplier;
    drop table contract;
    alter table organisation drop column org_identifier;
  `.execute(db)
}
