// Foundation: geography, organisations and networks, people and roles, sessions, email outbox, audit log, jobs.
// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table area (
      gss_code text primary key,
      name text not null,
      kind text not null check (kind in ('district', 'region', 'nation')),
      district_type text,
      region_code text,
      region_name text,
      nation text not null
    );

    create table area_neighbour (
      gss_code text not null references area (gss_code) on delete cascade,
      neighbour_code text not null references area (gss_code) on delete cascade,
      primary key (gss_code, neighbour_code),
      check (gss_code <> neighbour_code)
    );

    create table organisation (
      id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text not null check (length(name) between 1 and 200),
      type text not null check (type in ('council', 'nhs', 'education', 'housing', 'police', 'fire', 'other')),
      region_code text not null references area (gss_code),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table organisation_area (
      organisation_id text not null references organisation (id) on delete cascade,
      gss_code text not null references area (gss_code),
      relation text not null check (relation in ('home', 'neighbour')),
      primary key (organisation_id, gss_code)
    );

    create table network (
      id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text not null check (length(name) between 1 and 200),
      description text not null default '',
      created_at timestamptz not null default now()
    );

    create table network_member (
      network_id text not null references network (id) on delete cascade,
      organisation_id text not null references organisation (id) on delete cascade,
      joined_at timestamptz not null default now(),
      primary key (network_id, organisation_id)
    );

    create table app_user (
      id uuid primary key default gen_random_uuid(),
      email text not null check (email = lower(email) and position('@' in email) > 1),
      name text not null check (length(name) between 1 and 200),
      password_hash text,
      is_admin boolean not null default false,
      failed_sign_ins integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      last_sign_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index app_user_email_key on app_user (email);

    create table supplier (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      normalised_name text not null,
      company_number text,
      charity_number text,
      mutuals_number text,
      postcode text,
      district_code text references area (gss_code),
      trading_postcode text,
      trading_district_code text references area (gss_code),
      overseas boolean not null default false,
      employees integer check (employees >= 0),
      turnover numeric(16, 2) check (turnover >= 0),
      legal_form text,
      is_charity boolean not null default false,
      is_cic boolean not null default false,
      is_social_enterprise boolean not null default false,
      is_coop boolean not null default false,
      is_employee_owned boolean not null default false,
      is_public_body boolean not null default false,
      is_individual boolean not null default false,
      living_wage_accredited boolean not null default false,
      category text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index supplier_normalised_name_idx on supplier (normalised_name);
    create unique index supplier_company_number_key on supplier (company_number) where company_number is not null;
    create unique index supplier_charity_number_key on supplier (charity_number) where charity_number is not null;

    create table membership (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id) on delete cascade,
      role text not null check (role in ('org_admin', 'officer', 'analyst', 'viewer', 'supplier')),
      organisation_id text references organisation (id) on delete cascade,
      supplier_id uuid references supplier (id) on delete cascade,
      created_at timestamptz not null default now(),
      check (
        (role = 'supplier' and supplier_id is not null and organisation_id is null)
        or (role <> 'supplier' and organisation_id is not null and supplier_id is null)
      )
    );
    create unique index membership_user_organisation_key on membership (user_id, organisation_id)
      where organisation_id is not null;
    create unique index membership_user_supplier_key on membership (user_id, supplier_id) where supplier_id is not null;

    create table session (
      sid text primary key,
      user_id uuid references app_user (id) on delete cascade,
      data jsonb not null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index session_user_idx on session (user_id);
    create index session_expires_idx on session (expires_at);

    create table password_token (
      token_hash text primary key,
      user_id uuid not null references app_user (id) on delete cascade,
      purpose text not null check (purpose in ('reset', 'set')),
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table outbox_email (
      id uuid primary key default gen_random_uuid(),
      to_address text not null,
      subject text not null,
      text_body text not null,
      status text not null check (status in ('sent', 'outbox', 'failed')),
      transport text not null,
      error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index outbox_email_created_idx on outbox_email (created_at desc);

    create table audit_event (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      actor_user_id uuid,
      actor_label text not null,
      organisation_id text,
      action text not null,
      entity_type text not null,
      entity_id text not null,
      before jsonb,
      after jsonb,
      ip text,
      user_agent text
    );
    create index audit_event_org_idx on audit_event (organisation_id, occurred_at desc);
    create index audit_event_occurred_idx on audit_event (occurred_at desc);

    create function audit_event_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only: events cannot be changed or deleted';
    end
    $$;
    create trigger audit_event_no_update before update or delete on audit_event
      for each row execute function audit_event_is_append_only();
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_is_append_only();

    create table job (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      organisation_id text references organisation (id) on delete cascade,
      payload jsonb not null default '{}'::jsonb,
      status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
      progress jsonb not null default '{}'::jsonb,
      result jsonb,
      error text,
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      heartbeat_at timestamptz
    );
    create index job_status_idx on job (status, created_at);

    create table app_setting (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    );

    create table payment (
      id bigint generated always as identity primary key,
      organisation_id text not null references organisation (id) on delete cascade,
      supplier_id uuid references supplier (id),
      payee_name text not null,
      is_redacted boolean not null default false,
      payment_date date not null,
      amount numeric(16, 2) not null,
      transaction_ref text,
      department text,
      expense_type text,
      category text,
      fingerprint text not null,
      created_at timestamptz not null default now()
    );
    create unique index payment_fingerprint_key on payment (organisation_id, fingerprint);
    create index payment_org_date_idx on payment (organisation_id, payment_date);
    create index payment_supplier_idx on payment (supplier_id);
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table payment;
    drop table app_setting;
    drop table job;
    drop table audit_event;
    drop function audit_event_is_append_only;
    drop table outbox_email;
    drop table password_token;
    drop table session;
    drop table membership;
    drop table supplier;
    drop table app_user;
    drop table network_member;
    drop table network;
    drop table organisation_area;
    drop table organisation;
    drop table area_neighbour;
    drop table area;
  `.execute(db)
}
