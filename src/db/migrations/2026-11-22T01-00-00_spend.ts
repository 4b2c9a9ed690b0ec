// Spend analytics: reference registers, supplier aliases and the matching review queue, payment imports with
// their rejections and remembered column mappings, and LM3 survey answers. Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ref_postcode (
      postcode text primary key,
      district_code text not null,
      source text not null
    );

    create table ref_company (
      company_number text primary key,
      name text not null,
      normalised_name text not null,
      postcode text,
      category text,
      status text,
      sic_codes text[] not null default '{}',
      incorporated_on date
    );
    create index ref_company_name_idx on ref_company (normalised_name);

    create table ref_charity (
      charity_number text primary key,
      name text not null,
      normalised_name text not null,
      postcode text,
      status text,
      income numeric(16, 2),
      company_number text
    );
    create index ref_charity_name_idx on ref_charity (normalised_name);

    create table ref_coop (
      id text primary key,
      name text not null,
      normalised_name text not null,
      postcode text,
      company_number text,
      mutuals_number text,
      legal_form text,
      ownership text,
      sector text
    );
    create index ref_coop_name_idx on ref_coop (normalised_name);

    alter table supplier add column verified boolean not null default false;
    alter table supplier add column source text not null default 'manual';
    alter table supplier add column employees_year integer;

    create table supplier_alias (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references supplier (id) on delete cascade,
      organisation_id text references organisation (id) on delete cascade,
      alias text not null,
      normalised_alias text not null,
      source text not null check (source in ('ledger', 'register', 'officer', 'vendor-master')),
      created_at timestamptz not null default now()
    );
    create unique index supplier_alias_key on supplier_alias (coalesce(organisation_id, ''), normalised_alias);
    create index supplier_alias_supplier_idx on supplier_alias (supplier_id);

    create table supplier_match (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      normalised_name text not null,
      payee_name text not null,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
      supplier_id uuid references supplier (id) on delete set null,
      score numeric(5, 4),
      method text not null,
      candidates jsonb not null default '[]'::jsonb,
      payments integer not null default 0,
      amount numeric(18, 2) not null default 0,
      decided_by uuid references app_user (id) on delete set null,
      decided_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index supplier_match_key on supplier_match (organisation_id, normalised_name);
    create index supplier_match_status_idx on supplier_match (organisation_id, status);

    create table column_mapping (
      organisation_id text not null references organisation (id) on delete cascade,
      layout_signature text not null,
      headers text[] not null,
      mapping jsonb not null,
      confirmed_by uuid references app_user (id) on delete set null,
      updated_at timestamptz not null default now(),
      primary key (organisation_id, layout_signature)
    );

    create table spend_import (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      file_name text not null,
      file_sha256 text not null,
      status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
      rows_read integer not null default 0,
      accepted integer not null default 0,
      rejected integer not null default 0,
      duplicates integer not null default 0,
      amount numeric(18, 2) not null default 0,
      date_from date,
      date_to date,
      mapping jsonb,
      error text,
      job_id uuid references job (id) on delete set null,
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index spend_import_org_idx on spend_import (organisation_id, created_at desc);

    create table spend_import_rejection (
      import_id uuid not null references spend_import (id) on delete cascade,
      row_number integer not null,
      sheet text,
      reason text not null,
      raw jsonb,
      primary key (import_id, row_number, reason)
    );

    alter table payment add column import_id uuid references spend_import (id) on delete set null;
    alter table payment add column payee_kind text not null default 'organisation'
      check (payee_kind in ('organisation', 'individual', 'redacted'));
    alter table payment add column description text;
    alter table payment add column capital_or_revenue text;
    alter table payment add column repaired text;
    create index payment_import_idx on payment (import_id);

    create table lm3_response (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      supplier_id uuid not null references supplier (id) on delete cascade,
      period_start date not null,
      period_end date not null,
      local_supplier_share numeric(5, 4) not null check (local_supplier_share between 0 and 1),
      staff_cost_share numeric(5, 4) not null check (staff_cost_share between 0 and 1),
      local_staff_share numeric(5, 4) not null check (local_staff_share between 0 and 1),
      submitted_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      unique (organisation_id, supplier_id, period_start, period_end)
    );
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table lm3_response;
    alter table payment drop column import_id, drop column payee_kind, drop column description,
      drop column capital_or_revenue, drop column repaired;
    drop table spend_import_rejection;
    drop table spend_import;
    drop table column_mapping;
    drop table supplier_match;
    drop table supplier_alias;
    alter table supplier drop column verified, drop column source, drop column employees_year;
    drop table ref_coop;
    drop table ref_charity;
    drop table ref_company;
    drop table ref_postcode;
  `.execute(db)
}
