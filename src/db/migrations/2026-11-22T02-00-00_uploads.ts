// Uploaded files wait in the database for the background job that imports them, so any web process can run it.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table upload (
      id uuid primary key default gen_random_uuid(),
      organisation_id text not null references organisation (id) on delete cascade,
      file_name text not null,
      size_bytes bigint not null,
      content bytea not null,
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now()
    );
    create index upload_org_idx on upload (organisation_id, created_at desc);
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table upload`.execute(db)
}
