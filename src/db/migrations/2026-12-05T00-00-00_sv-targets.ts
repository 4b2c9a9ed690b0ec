// Social value targets: an organisation's baseline and stretch for the £ delivered in a financial year, for the
// total and, optionally, for each theme. Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sv_target (
      organisation_id text not null references organisation (id) on delete cascade,
      financial_year text not null check (financial_year ~ '^[0-9]{4}-[0-9]{2}$'),
      scope text not null check (scope in ('total', 'economic', 'social', 'environmental')),
      baseline numeric(14, 2) check (baseline >= 0),
      stretch numeric(14, 2) check (stretch >= 0),
      updated_by uuid references app_user (id) on delete set null,
      updated_at timestamptz not null default now(),
      primary key (organisation_id, financial_year, scope),
      check (baseline is not null or stretch is not null),
      check (baseline is null or stretch is null or stretch >= baseline)
    );
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sv_target`.execute(db)
}
