// Payments check what they point at once per statement instead of once per row. A foreign key runs a lookup for
// every inserted row: three of them (organisation, supplier, import) took about 9 s of a 1,000,000-row import. The
// same rules now hold through triggers (see docs/adr/0004-payment-reference-checks.md):
// - a statement that adds or changes payments looks up each distinct organisation, supplier and import it names once,
//   locks them as a foreign key would (FOR KEY SHARE, so a concurrent delete waits), and fails if one is missing;
// - deleting an organisation deletes its payments (was ON DELETE CASCADE);
// - deleting a supplier that payments still name fails (was NO ACTION);
// - deleting an import leaves its payments with no import (was ON DELETE SET NULL);
// - changing the id of an organisation, supplier or import that payments name fails (was NO ACTION).
// Frozen in time.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table payment
      drop constraint payment_organisation_id_fkey,
      drop constraint payment_supplier_id_fkey,
      drop constraint payment_import_id_fkey;

    create function payment_check_references() returns trigger language plpgsql as $$
    declare
      organisations text[];
      suppliers uuid[];
      imports uuid[];
      missing text;
    begin
      select array_agg(organisation_id) into organisations from (select distinct organisation_id from new_rows) d;
      select array_agg(supplier_id) into suppliers
        from (select distinct supplier_id from new_rows where supplier_id is not null) d;
      select array_agg(import_id) into imports
        from (select distinct import_id from new_rows where import_id is not null) d;

      perform 1 from organisation where id = any(organisations) for key share;
      select r into missing from unnest(organisations) r where not exists (select 1 from organisation where id = r) limit 1;
      if missing is not null then
        raise foreign_key_violation using
          message = format('a payment names organisation %s, which does not exist', missing),
          table = 'payment', column = 'organisation_id';
      end if;

      perform 1 from supplier where id = any(suppliers) for key share;
      select r::text into missing from unnest(suppliers) r where not exists (select 1 from supplier where id = r) limit 1;
      if missing is not null then
        raise foreign_key_violation using
          message = format('a payment names supplier %s, which does not exist', missing),
          table = 'payment', column = 'supplier_id';
      end if;

      perform 1 from spend_import where id = any(imports) for key share;
      select r::text into missing from unnest(imports) r where not exists (select 1 from spend_import where id = r) limit 1;
      if missing is not null then
        raise foreign_key_violation using
          message = format('a payment names import %s, which does not exist', missing),
          table = 'payment', column = 'import_id';
      end if;
      return null;
    end
    $$;
    create trigger payment_references_insert after insert on payment
      referencing new table as new_rows for each statement execute function payment_check_references();
    create trigger payment_references_update after update on payment
      referencing new table as new_rows for each statement execute function payment_check_references();

    create function organisation_payments_cascade() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from payment where organisation_id = old.id;
        return old;
      end if;
      if exists (select 1 from payment where organisation_id = old.id) then
        raise foreign_key_violation using
          message = format('organisation %s has payments, so its id cannot change', old.id), table = 'organisation';
      end if;
      return new;
    end
    $$;
    create trigger organisation_payments before delete on organisation
      for each row execute function organisation_payments_cascade();
    create trigger organisation_payments_id before update of id on organisation
      for each row when (old.id is distinct from new.id) execute function organisation_payments_cascade();

    create function supplier_payments_restrict() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from payment where supplier_id = old.id) then
        raise foreign_key_violation using
          message = format('supplier %s still has payments', old.id), table = 'supplier';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end
    $$;
    create trigger supplier_payments before delete on supplier
      for each row execute function supplier_payments_restrict();
    create trigger supplier_payments_id before update of id on supplier
      for each row when (old.id is distinct from new.id) execute function supplier_payments_restrict();

    create function spend_import_payments_detach() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        update payment set import_id = null where import_id = old.id;
        return old;
      end if;
      if exists (select 1 from payment where import_id = old.id) then
        raise foreign_key_violation using
          message = format('import %s has payments, so its id cannot change', old.id), table = 'spend_import';
      end if;
      return new;
    end
    $$;
    create trigger spend_import_payments before delete on spend_import
      for each row execute function spend_import_payments_detach();
    create trigger spend_import_payments_id before update of id on spend_import
      for each row when (old.id is distinct from new.id) execute function spend_import_payments_detach();
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger spend_import_payments_id on spend_import;
    drop trigger spend_import_payments on spend_import;
    drop function spend_import_payments_detach;
    drop trigger supplier_payments_id on supplier;
    drop trigger supplier_payments on supplier;
    drop function supplier_payments_restrict;
    drop trigger organisation_payments_id on organisation;
    drop trigger organisation_payments on organisation;
    drop function organisation_payments_cascade;
    drop trigger payment_references_update on payment;
    drop trigger payment_references_insert on payment;
    drop function payment_check_references;
    alter table payment
      add constraint payment_organisation_id_fkey foreign key (organisation_id)
        references organisation (id) on delete cascade,
      add constraint payment_supplier_id_fkey foreign key (supplier_id) references supplier (id),
      add constraint payment_import_id_fkey foreign key (import_id) references spend_import (id) on delete set null;
  `.execute(db)
}
