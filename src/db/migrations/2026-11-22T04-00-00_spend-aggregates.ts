// Monthly totals of payments, so a year's report sums a few thousand rows rather than a million payments. They are
// kept by statement triggers on payment, in the same transaction as whatever changed the payments (an import, a
// review decision re-pointing payments to another supplier, an organisation deleted with its payments, any path
// added later), so they can never disagree with the payments. Only what belongs to a payment is totalled here: a
// supplier's tier, size band, flags and category are looked up when the report runs, so editing a supplier needs no
// upkeep. Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- By supplier (or none, for people and withheld names) and payee kind: totals, tiers, sizes, quarters, suppliers.
    create table spend_month_supplier (
      organisation_id text not null,
      month date not null,
      supplier_id uuid,
      payee_kind text not null,
      payments bigint not null,
      amount numeric(18, 2) not null,
      constraint spend_month_supplier_key unique nulls not distinct (organisation_id, month, supplier_id, payee_kind)
    );
    create index spend_month_supplier_empty on spend_month_supplier (organisation_id) where payments = 0;

    -- By supplier and the payment's own category (else its expense type): where spend leaves the place.
    create table spend_month_category (
      organisation_id text not null,
      month date not null,
      supplier_id uuid not null,
      category text,
      payments bigint not null,
      amount numeric(18, 2) not null,
      constraint spend_month_category_key unique nulls not distinct (organisation_id, month, supplier_id, category)
    );
    create index spend_month_category_empty on spend_month_category (organisation_id) where payments = 0;

    -- By department, and by expense type ('Not stated' when the payment has none).
    create table spend_month_label (
      organisation_id text not null,
      month date not null,
      dimension text not null check (dimension in ('department', 'expense_type')),
      label text not null,
      payments bigint not null,
      amount numeric(18, 2) not null,
      constraint spend_month_label_key unique (organisation_id, month, dimension, label)
    );
    create index spend_month_label_empty on spend_month_label (organisation_id) where payments = 0;

    -- Adds the rows a statement inserted and takes away the rows it deleted (an update does both). The transition
    -- tables differ by operation, so the source of the change is chosen first and the same statement applies it.
    create function spend_month_apply() returns trigger language plpgsql as $$
    declare
      rows_of text := 'select organisation_id, date_trunc(''month'', payment_date::timestamp)::date as month, supplier_id,
        case when payee_kind <> ''organisation'' then payee_kind when is_redacted then ''redacted''
          else ''organisation'' end as payee_kind,
        coalesce(category, expense_type) as category, coalesce(department, ''Not stated'') as department,
        coalesce(expense_type, ''Not stated'') as expense_type';
      change text := case tg_op
        when 'INSERT' then rows_of || ', 1 as n, amount from new_rows'
        when 'DELETE' then rows_of || ', -1 as n, -amount as amount from old_rows'
        else rows_of || ', 1 as n, amount from new_rows union all ' || rows_of || ', -1, -amount from old_rows' end;
    begin
      execute 'with change as materialized (' || change || '),
        by_supplier as (
          insert into spend_month_supplier as t (organisation_id, month, supplier_id, payee_kind, payments, amount)
          select organisation_id, month, supplier_id, payee_kind, sum(n), sum(amount) from change
          group by organisation_id, month, supplier_id, payee_kind having sum(n) <> 0 or sum(amount) <> 0
          on conflict on constraint spend_month_supplier_key
          do update set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount
        ),
        by_category as (
          insert into spend_month_category as t (organisation_id, month, supplier_id, category, payments, amount)
          select organisation_id, month, supplier_id, category, sum(n), sum(amount) from change
          where supplier_id is not null
          group by organisation_id, month, supplier_id, category having sum(n) <> 0 or sum(amount) <> 0
          on conflict on constraint spend_month_category_key
          do update set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount
        ),
        by_label as (
          insert into spend_month_label as t (organisation_id, month, dimension, label, payments, amount)
          select organisation_id, month, dimension, label, sum(n), sum(amount) from (
            select organisation_id, month, ''department'' as dimension, department as label, n, amount from change
            union all
            select organisation_id, month, ''expense_type'', expense_type, n, amount from change
          ) labelled
          group by organisation_id, month, dimension, label having sum(n) <> 0 or sum(amount) <> 0
          on conflict on constraint spend_month_label_key
          do update set payments = t.payments + excluded.payments, amount = t.amount + excluded.amount
        )
        select 1';
      if tg_op <> 'INSERT' then
        delete from spend_month_supplier where payments = 0;
        delete from spend_month_category where payments = 0;
        delete from spend_month_label where payments = 0;
      end if;
      return null;
    end
    $$;

    create trigger payment_month_insert after insert on payment
      referencing new table as new_rows for each statement execute function spend_month_apply();
    create trigger payment_month_update after update on payment
      referencing old table as old_rows new table as new_rows for each statement execute function spend_month_apply();
    create trigger payment_month_delete after delete on payment
      referencing old table as old_rows for each statement execute function spend_month_apply();

    create function spend_month_clear() returns trigger language plpgsql as $$
    begin
      truncate spend_month_supplier, spend_month_category, spend_month_label;
      return null;
    end
    $$;
    create trigger payment_month_truncate after truncate on payment
      for each statement execute function spend_month_clear();
  `.execute(db)

  // The payments already held.
  await sql`
    insert into spend_month_supplier (organisation_id, month, supplier_id, payee_kind, payments, amount)
    select organisation_id, date_trunc('month', payment_date::timestamp)::date, supplier_id,
      case when payee_kind <> 'organisation' then payee_kind when is_redacted then 'redacted' else 'organisation' end,
      count(*), sum(amount)
    from payment group by 1, 2, 3, 4;
    insert into spend_month_category (organisation_id, month, supplier_id, category, payments, amount)
    select organisation_id, date_trunc('month', payment_date::timestamp)::date, supplier_id, coalesce(category, expense_type),
      count(*), sum(amount)
    from payment where supplier_id is not null group by 1, 2, 3, 4;
    insert into spend_month_label (organisation_id, month, dimension, label, payments, amount)
    select organisation_id, date_trunc('month', payment_date::timestamp)::date, 'department', coalesce(department, 'Not stated'),
      count(*), sum(amount)
    from payment group by 1, 2, 4;
    insert into spend_month_label (organisation_id, month, dimension, label, payments, amount)
    select organisation_id, date_trunc('month', payment_date::timestamp)::date, 'expense_type',
      coalesce(expense_type, 'Not stated'), count(*), sum(amount)
    from payment group by 1, 2, 4;
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger payment_month_truncate on payment;
    drop trigger payment_month_delete on payment;
    drop trigger payment_month_update on payment;
    drop trigger payment_month_insert on payment;
    drop function spend_month_clear;
    drop function spend_month_apply;
    drop table spend_month_label;
    drop table spend_month_category;
    drop table spend_month_supplier;
  `.execute(db)
}
