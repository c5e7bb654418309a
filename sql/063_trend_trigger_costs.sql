-- Two costs of the trend triggers of 060 and 062, found by bench/write.ts:
-- 1. Joining a statement's rows to conversations let the planner hash the whole conversations
--    table once a statement carried a few hundred rows (a sequential scan per metric-write batch,
--    growing with the store). The conversation is now looked up per row, by primary key:
--    a LATERAL subquery with LIMIT 1 (or OFFSET 0 where one row has many) is never flattened
--    into a hash join.
-- 2. Statement triggers fire even when their statement touched no row: an upsert fires both the
--    insert and the update trigger, and a write to an existing conversation fires the
--    conversation insert trigger with nothing inserted. Each run upserted into a slot table,
--    which fired two more triggers: a single metric write ran nine trigger bodies where three
--    had rows to count. Each body now returns at once when it has nothing to count.

create or replace function trend_cm_insert() returns trigger language plpgsql as $$
begin
  if not exists (select from new_rows) then return null; end if;
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select n.metric_id, c.environment, trend_slot(n.started_at), coalesce(c.channel, ''), coalesce(n.value_text, ''), 1, n.value_num
    from new_rows n
    cross join lateral (select environment, channel from conversations where project_id = n.project_id and id = n.conversation_id limit 1) c
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

-- only rows whose value or start changed move a count
create or replace function trend_cm_update() returns trigger language plpgsql as $$
begin
  if not exists (
    select from old_rows o join new_rows n using (project_id, metric_id, conversation_id)
    where (o.value_text, o.value_num, o.started_at) is distinct from (n.value_text, n.value_num, n.started_at)
  ) then return null; end if;
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select o.metric_id, c.environment, trend_slot(o.started_at), coalesce(c.channel, ''), coalesce(o.value_text, ''), -1, o.value_num
    from old_rows o join new_rows n using (project_id, metric_id, conversation_id)
    cross join lateral (select environment, channel from conversations where project_id = o.project_id and id = o.conversation_id limit 1) c
    where (o.value_text, o.value_num, o.started_at) is distinct from (n.value_text, n.value_num, n.started_at)
    union all
    select n.metric_id, c.environment, trend_slot(n.started_at), coalesce(c.channel, ''), coalesce(n.value_text, ''), 1, n.value_num
    from old_rows o join new_rows n using (project_id, metric_id, conversation_id)
    cross join lateral (select environment, channel from conversations where project_id = n.project_id and id = n.conversation_id limit 1) c
    where (o.value_text, o.value_num, o.started_at) is distinct from (n.value_text, n.value_num, n.started_at)
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

-- a cascade from a deleted conversation finds no conversation here: trend_conv_delete has
-- already taken those rows off before the cascade ran
create or replace function trend_cm_delete() returns trigger language plpgsql as $$
begin
  if not exists (select from old_rows) then return null; end if;
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select o.metric_id, c.environment, trend_slot(o.started_at), coalesce(c.channel, ''), coalesce(o.value_text, ''), -1, o.value_num
    from old_rows o
    cross join lateral (select environment, channel from conversations where project_id = o.project_id and id = o.conversation_id limit 1) c
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create or replace function trend_conv_insert() returns trigger language plpgsql as $$
begin
  if not exists (select from new_rows) then return null; end if;
  insert into trend_conversation_slots as t (project_id, environment, slot, channel, n)
  select project_id, environment, slot, channel, sum(d)
  from (
    select n.project_id, n.environment, trend_slot(n.started_at), coalesce(n.channel, ''), 1 from new_rows n
  ) r (project_id, environment, slot, channel, d)
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (project_id, environment, slot, channel) do update set n = t.n + excluded.n;
  return null;
end $$;

-- a conversation that changes environment, channel or start moves its count; one that changes
-- environment or channel also moves its metric values (their own started_at stays theirs)
create or replace function trend_conv_update() returns trigger language plpgsql as $$
begin
  if not exists (
    select from old_rows o join new_rows n using (project_id, id)
    where (o.environment, o.channel, o.started_at) is distinct from (n.environment, n.channel, n.started_at)
  ) then return null; end if;
  insert into trend_conversation_slots as t (project_id, environment, slot, channel, n)
  select project_id, environment, slot, channel, sum(d)
  from (
    select o.project_id, o.environment, trend_slot(o.started_at), coalesce(o.channel, ''), -1
    from old_rows o join new_rows n using (project_id, id) where (o.environment, o.channel, o.started_at) is distinct from (n.environment, n.channel, n.started_at)
    union all
    select n.project_id, n.environment, trend_slot(n.started_at), coalesce(n.channel, ''), 1
    from old_rows o join new_rows n using (project_id, id) where (o.environment, o.channel, o.started_at) is distinct from (n.environment, n.channel, n.started_at)
  ) r (project_id, environment, slot, channel, d)
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (project_id, environment, slot, channel) do update set n = t.n + excluded.n;
  if not exists (
    select from old_rows o join new_rows n using (project_id, id) where (o.environment, o.channel) is distinct from (n.environment, n.channel)
  ) then return null; end if;
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select cm.metric_id, o.environment, trend_slot(cm.started_at), coalesce(o.channel, ''), coalesce(cm.value_text, ''), -1, cm.value_num
    from old_rows o join new_rows n using (project_id, id)
    cross join lateral (
      select metric_id, started_at, value_text, value_num from conversation_metrics where project_id = o.project_id and conversation_id = o.id offset 0
    ) cm
    where (o.environment, o.channel) is distinct from (n.environment, n.channel)
    union all
    select cm.metric_id, n.environment, trend_slot(cm.started_at), coalesce(n.channel, ''), coalesce(cm.value_text, ''), 1, cm.value_num
    from old_rows o join new_rows n using (project_id, id)
    cross join lateral (
      select metric_id, started_at, value_text, value_num from conversation_metrics where project_id = n.project_id and conversation_id = n.id offset 0
    ) cm
    where (o.environment, o.channel) is distinct from (n.environment, n.channel)
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create or replace function trend_metric_totals_insert() returns trigger language plpgsql as $$
begin
  if not exists (select from new_rows) then return null; end if;
  insert into trend_metric_totals as t (metric_id, environment, slot, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, value_text, sum(n), sum(sum_num), sum(sum_sq)
  from new_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (metric_id, environment, slot, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create or replace function trend_metric_totals_update() returns trigger language plpgsql as $$
begin
  if not exists (select from new_rows) then return null; end if;
  insert into trend_metric_totals as t (metric_id, environment, slot, value_text, n, sum_num, sum_sq)
  select n.metric_id, n.environment, n.slot, n.value_text, sum(n.n - o.n), sum(n.sum_num - o.sum_num), sum(n.sum_sq - o.sum_sq)
  from new_rows n join old_rows o using (metric_id, environment, slot, channel, value_text)
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (metric_id, environment, slot, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create or replace function trend_conversation_totals_insert() returns trigger language plpgsql as $$
begin
  if not exists (select from new_rows) then return null; end if;
  insert into trend_conversation_totals as t (project_id, environment, slot, n)
  select project_id, environment, slot, sum(n) from new_rows group by 1, 2, 3 order by 1, 2, 3
  on conflict (project_id, environment, slot) do update set n = t.n + excluded.n;
  return null;
end $$;

create or replace function trend_conversation_totals_update() returns trigger language plpgsql as $$
begin
  if not exists (select from new_rows) then return null; end if;
  insert into trend_conversation_totals as t (project_id, environment, slot, n)
  select n.project_id, n.environment, n.slot, sum(n.n - o.n)
  from new_rows n join old_rows o using (project_id, environment, slot, channel)
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (project_id, environment, slot) do update set n = t.n + excluded.n;
  return null;
end $$;
