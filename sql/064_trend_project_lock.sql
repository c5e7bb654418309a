-- Concurrent writers deadlocked on the trend rollups (test/writes/deadlocks.test.ts). Each
-- trigger upserts its slots in key order, but one statement runs several of them: an upsert of
-- metric values fires the insert trigger, then the update trigger, and each of those fires the
-- totals triggers. Two statements that each lock slot A in one trigger and slot B in a later one
-- can wait for each other, however each trigger orders its own rows.
--
-- Every trigger that starts counting now first takes a transaction lock on its project, so one
-- transaction at a time per project updates the rollups. What it serializes was mostly
-- serialized already: writes in the same quarter hour update the same slot rows, and hold them
-- until they commit. The lock triggers are named to fire before the counting triggers of the
-- same event (Postgres fires them in name order), and take the lock only when the counting
-- trigger will count something, under the same conditions as 063's early returns.

create function trend_lock(projects text[]) returns void language sql as $$
  -- sorted, so a statement touching several projects takes them in one order
  select pg_advisory_xact_lock(1936287348, k) from (select distinct hashtext(p) as k from unnest(projects) p order by 1) s;
$$;

-- inserted metric values and inserted conversations both count
create function trend_lock_inserted() returns trigger language plpgsql as $$
begin
  perform trend_lock(array(select distinct project_id from new_rows));
  return null;
end $$;

create function trend_lock_cm_update() returns trigger language plpgsql as $$
begin
  perform trend_lock(array(
    select distinct n.project_id from old_rows o join new_rows n using (project_id, metric_id, conversation_id)
    where (o.value_text, o.value_num, o.started_at) is distinct from (n.value_text, n.value_num, n.started_at)
  ));
  return null;
end $$;

create function trend_lock_cm_delete() returns trigger language plpgsql as $$
begin
  perform trend_lock(array(select distinct project_id from old_rows));
  return null;
end $$;

create function trend_lock_conv_update() returns trigger language plpgsql as $$
begin
  perform trend_lock(array(
    select distinct n.project_id from old_rows o join new_rows n using (project_id, id)
    where (o.environment, o.channel, o.started_at) is distinct from (n.environment, n.channel, n.started_at)
  ));
  return null;
end $$;

-- trend_conv_delete is a row trigger that runs before the delete (it reads the conversation's
-- metric values before the cascade removes them): so is its lock
create function trend_lock_conv_delete() returns trigger language plpgsql as $$
begin
  perform trend_lock(array[old.project_id]);
  return old;
end $$;

create trigger trend_0_lock_cm_insert after insert on conversation_metrics referencing new table as new_rows
  for each statement execute function trend_lock_inserted();
create trigger trend_0_lock_cm_update after update on conversation_metrics referencing old table as old_rows new table as new_rows
  for each statement execute function trend_lock_cm_update();
create trigger trend_0_lock_cm_delete after delete on conversation_metrics referencing old table as old_rows
  for each statement execute function trend_lock_cm_delete();
create trigger trend_0_lock_conv_insert after insert on conversations referencing new table as new_rows
  for each statement execute function trend_lock_inserted();
create trigger trend_0_lock_conv_update after update on conversations referencing old table as old_rows new table as new_rows
  for each statement execute function trend_lock_conv_update();
create trigger trend_0_lock_conv_delete before delete on conversations
  for each row execute function trend_lock_conv_delete();
