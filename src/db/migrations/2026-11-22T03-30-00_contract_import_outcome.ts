// Register imports also count what was not a contract (notices with no award, left out by the buyer filter), and keep
// the reasons and warnings for the import page. Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table contract_import
      add column skipped integer not null default 0,
      add column left_out integer not null default 0,
      add column outcome jsonb not null default '{}'::jsonb;
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table contract_import drop column skipped, drop column left_out, drop column outcome`.execute(db)
}
