// Social value: frameworks of measures with dated proxy values, commitments made in tenders, suppliers' returns with
// evidence and a history of reviews, reminders of returns due, bulk imports, per-organisation settings, and
// suppliers' declarations of the ethical standards. Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sv_framework (
      id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name text not null check (length(name) between 1 and 200),
      description text not null default '',
      owner_organisation_id text references organisation (id) on delete cascade,
      licence text not null default '',
      shipped boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table sv_outcome (
      framework_id text not null references sv_framework (id) on delete cascade,
      code text not null check (length(code) between 1 and 40),
      theme text not null check (theme in ('economic', 'social', 'environmental')),
      name text not null check (length(name) between 1 and 300),
      position integer not null default 0,
      primary key (framework_id, code)
    );

    create table sv_measure (
      id uuid primary key default gen_random_uuid(),
      framework_id text not null references sv_framework (id) on delete cascade,
      code text not null check (length(code) between 1 and 40),
      outcome_code text not null,
      name text not null check (length(name) between 1 and 300),
      unit text not null check (length(unit) between 1 and 100),
      description text not null default '',
      evidence text not null default '',
      position integer not null default 0,
      foreign key (framework_id, outcome_code) references sv_outcome (framework_id, code) on delete cascade
    );
    create unique index sv_measure_code_key on sv_measure (framework_id, code);

    create table sv_proxy_value (
      measure_id uuid not null references sv_measure (id) on delete cascade,
      valid_from date not null,
      value numeric(14, 2) not null check (value >= 0),
      source text not null check (length(source) between 1 and 1000),
      source_year text not null default '',
      reference text not null default '',
      is_assumption boolean not null default false,
      note text not null default '',
      created_at timestamptz not null default now(),
      primary key (measure_id, valid_from)
    );

    create table sv_settings (
      organisation_id text primary key references organisation (id) on delete cascade,
      framework_id text references sv_framework (id) on delete set null,
      due_days integer not null default 30 check (due_days between 0 and 365),
      reminder_days_before integer not null default 14 check (reminder_days_before between 0 and 90),
      green_percent integer not null default 100 check (green_percent between 1 and 1000),
      amber_percent integer not null default 75 check (amber_percent between 0 and 1000),
      updated_at timestamptz not null default now(),
      check (amber_percent <= green_percent)
    );

    create table sv_import (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      kind text not null check (kind in ('commitments', 'returns')),
      file_name text not null,
      file_sha256 text not null,
      rows_read integer not null,
      created integer not null,
      updated integer not null,
      unchanged integer not null,
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now()
    );

    create table sv_commitment (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      contract_id uuid not null references contract (id) on delete cascade,
      measure_id uuid not null references sv_measure (id) on delete restrict,
      period_start date not null,
      period_end date not null,
      target_quantity numeric(16, 3) not null check (target_quantity >= 0),
      source text not null default 'manual',
      import_id uuid references sv_import (id) on delete set null,
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (period_end >= period_start)
    );
    create unique index sv_commitment_key on sv_commitment (contract_id, measure_id, period_start, period_end);
    create index sv_commitment_org_idx on sv_commitment (organisation_id, period_start);

    create table sv_return (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      contract_id uuid not null references contract (id) on delete cascade,
      measure_id uuid not null references sv_measure (id) on delete restrict,
      period_start date not null,
      period_end date not null,
      actual_quantity numeric(16, 3) not null check (actual_quantity >= 0),
      description text not null default '',
      status text not null check (status in ('submitted', 'accepted', 'queried', 'rejected')),
      supplier_id uuid references supplier (id) on delete set null,
      source text not null default 'supplier' check (source in ('supplier', 'import')),
      import_id uuid references sv_import (id) on delete set null,
      submitted_by uuid references app_user (id) on delete set null,
      submitted_at timestamptz not null default now(),
      reviewed_by uuid references app_user (id) on delete set null,
      reviewed_at timestamptz,
      review_comment text,
      version integer not null default 1,
      check (period_end >= period_start)
    );
    create unique index sv_return_key on sv_return (contract_id, measure_id, period_start, period_end);
    create index sv_return_org_idx on sv_return (organisation_id, status, period_start);
    create index sv_return_supplier_idx on sv_return (supplier_id);

    create table sv_return_evidence (
      id uuid primary key default gen_random_uuid(),
      return_id uuid not null references sv_return (id) on delete cascade,
      version integer not null,
      kind text not null check (kind in ('link', 'file', 'note')),
      url text,
      upload_id uuid references upload (id) on delete set null,
      file_name text,
      description text not null default '',
      created_at timestamptz not null default now()
    );
    create index sv_return_evidence_idx on sv_return_evidence (return_id, version);

    create table sv_return_event (
      id bigserial primary key,
      return_id uuid not null references sv_return (id) on delete cascade,
      version integer not null,
      status text not null,
      actual_quantity numeric(16, 3) not null,
      description text not null default '',
      comment text,
      actor_user_id uuid references app_user (id) on delete set null,
      actor_label text not null,
      occurred_at timestamptz not null default now()
    );
    create index sv_return_event_idx on sv_return_event (return_id, id);

    create table sv_reminder (
      commitment_id uuid not null references sv_commitment (id) on delete cascade,
      kind text not null check (kind in ('before', 'after')),
      due_date date not null,
      sent_to text not null,
      sent_at timestamptz not null default now(),
      primary key (commitment_id, kind, due_date)
    );

    create table sv_declaration (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references supplier (id) on delete cascade,
      standard text not null check (length(standard) between 1 and 40),
      meets boolean not null default true,
      covers_supply_chain boolean,
      statement_url text,
      statement_year integer check (statement_year between 2000 and 2100),
      evidence_url text,
      evidence_note text not null default '',
      declared_on date not null,
      expires_on date,
      declared_by uuid references app_user (id) on delete set null,
      declared_by_label text not null,
      created_at timestamptz not null default now(),
      check (expires_on is null or expires_on >= declared_on)
    );
    create index sv_declaration_supplier_idx on sv_declaration (supplier_id, standard, created_at desc);
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table sv_declaration;
    drop table sv_reminder;
    drop table sv_return_event;
    drop table sv_return_evidence;
    drop table sv_return;
    drop table sv_commitment;
    drop table sv_import;
    drop table sv_settings;
    drop table sv_proxy_value;
    drop table sv_measure;
    drop table sv_outcome;
    drop table sv_framework;
  `.execute(db)
}
