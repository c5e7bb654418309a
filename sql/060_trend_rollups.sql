-- Trend rollups: counts per metric value and per conversation in quarter-hour UTC slots,
-- maintained by triggers on write, so trends and summaries read a few thousand rows instead of
-- every conversation (bench/trends.ts: the raw aggregate over 1M conversations takes ~250 ms).
-- Quarter hours because every UTC offset in use is a multiple of 15 minutes: a bucket in any
-- time zone (hour, day, week) is a whole number of slots. Channel and value use '' for null.
-- Statement-level triggers aggregate each statement's rows and upsert them in key order, so
-- bulk writes touch each slot once and concurrent writers lock slots in the same order.

create table trend_metric_slots (
  metric_id text not null references metric_definitions(id) on delete cascade,
  environment text not null,
  slot timestamptz not null,
  channel text not null,
  value_text text not null,
  n bigint not null,
  sum_num double precision not null default 0,
  sum_sq double precision not null default 0,
  primary key (metric_id, environment, slot, channel, value_text)
);

create table trend_conversation_slots (
  project_id text not null references projects(id) on delete cascade,
  environment text not null,
  slot timestamptz not null,
  channel text not null,
  n bigint not null,
  primary key (project_id, environment, slot, channel)
);

-- numeric percentiles are read from the raw values: index-only over (metric, time)
create index conversation_metrics_num_time on conversation_metrics (metric_id, started_at) include (value_num, conversation_id) where value_num is not null;

create function trend_slot(t timestamptz) returns timestamptz language sql immutable as
$$ select date_bin('15 minutes', t, timestamptz '2000-01-01 00:00:00+00') $$;

-- conversation_metrics: the environment and channel come from the conversation
create function trend_cm_insert() returns trigger language plpgsql as $$
begin
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select n.metric_id, c.environment, trend_slot(n.started_at), coalesce(c.channel, ''), coalesce(n.value_text, ''), 1, n.value_num
    from new_rows n join conversations c on c.project_id = n.project_id and c.id = n.conversation_id
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create function trend_cm_update() returns trigger language plpgsql as $$
begin
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select o.metric_id, c.environment, trend_slot(o.started_at), coalesce(c.channel, ''), coalesce(o.value_text, ''), -1, o.value_num
    from old_rows o join new_rows n using (project_id, metric_id, conversation_id)
    join conversations c on c.project_id = o.project_id and c.id = o.conversation_id
    where (o.value_text, o.value_num, o.started_at) is distinct from (n.value_text, n.value_num, n.started_at)
    union all
    select n.metric_id, c.environment, trend_slot(n.started_at), coalesce(c.channel, ''), coalesce(n.value_text, ''), 1, n.value_num
    from old_rows o join new_rows n using (project_id, metric_id, conversation_id)
    join conversations c on c.project_id = n.project_id and c.id = n.conversation_id
    where (o.value_text, o.value_num, o.started_at) is distinct from (n.value_text, n.value_num, n.started_at)
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

-- a cascade from a deleted conversation finds no conversation here: trend_conv_delete has
-- already taken those rows off before the cascade ran
create function trend_cm_delete() returns trigger language plpgsql as $$
begin
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select o.metric_id, c.environment, trend_slot(o.started_at), coalesce(c.channel, ''), coalesce(o.value_text, ''), -1, o.value_num
    from old_rows o join conversations c on c.project_id = o.project_id and c.id = o.conversation_id
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create trigger trend_cm_insert after insert on conversation_metrics referencing new table as new_rows
  for each statement execute function trend_cm_insert();
create trigger trend_cm_update after update on conversation_metrics referencing old table as old_rows new table as new_rows
  for each statement execute function trend_cm_update();
create trigger trend_cm_delete after delete on conversation_metrics referencing old table as old_rows
  for each statement execute function trend_cm_delete();

create function trend_conv_insert() returns trigger language plpgsql as $$
begin
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
create function trend_conv_update() returns trigger language plpgsql as $$
begin
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
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select cm.metric_id, o.environment, trend_slot(cm.started_at), coalesce(o.channel, ''), coalesce(cm.value_text, ''), -1, cm.value_num
    from old_rows o join new_rows n using (project_id, id)
    join conversation_metrics cm on cm.project_id = o.project_id and cm.conversation_id = o.id
    where (o.environment, o.channel) is distinct from (n.environment, n.channel)
    union all
    select cm.metric_id, n.environment, trend_slot(cm.started_at), coalesce(n.channel, ''), coalesce(cm.value_text, ''), 1, cm.value_num
    from old_rows o join new_rows n using (project_id, id)
    join conversation_metrics cm on cm.project_id = n.project_id and cm.conversation_id = n.id
    where (o.environment, o.channel) is distinct from (n.environment, n.channel)
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create function trend_conv_delete() returns trigger language plpgsql as $$
begin
  insert into trend_conversation_slots as t (project_id, environment, slot, channel, n)
  select project_id, environment, slot, channel, sum(d)
  from (
    select old.project_id, old.environment, trend_slot(old.started_at), coalesce(old.channel, ''), -1
  ) r (project_id, environment, slot, channel, d)
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (project_id, environment, slot, channel) do update set n = t.n + excluded.n;
  insert into trend_metric_slots as t (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, channel, value_text, sum(d), sum(d * coalesce(num, 0)), sum(d * coalesce(num, 0) ^ 2)
  from (
    select cm.metric_id, old.environment, trend_slot(cm.started_at), coalesce(old.channel, ''), coalesce(cm.value_text, ''), -1, cm.value_num
    from conversation_metrics cm where cm.project_id = old.project_id and cm.conversation_id = old.id
  ) r (metric_id, environment, slot, channel, value_text, d, num)
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (metric_id, environment, slot, channel, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return old;
end $$;

create trigger trend_conv_insert after insert on conversations referencing new table as new_rows
  for each statement execute function trend_conv_insert();
create trigger trend_conv_update after update on conversations referencing old table as old_rows new table as new_rows
  for each statement execute function trend_conv_update();
create trigger trend_conv_delete before delete on conversations
  for each row execute function trend_conv_delete();

-- rows already stored
insert into trend_conversation_slots (project_id, environment, slot, channel, n)
select project_id, environment, trend_slot(started_at), coalesce(channel, ''), count(*) from conversations group by 1, 2, 3, 4;
insert into trend_metric_slots (metric_id, environment, slot, channel, value_text, n, sum_num, sum_sq)
select cm.metric_id, c.environment, trend_slot(cm.started_at), coalesce(c.channel, ''), coalesce(cm.value_text, ''), count(*),
  coalesce(sum(cm.value_num), 0), coalesce(sum(cm.value_num ^ 2), 0)
from conversation_metrics cm join conversations c on c.project_id = cm.project_id and c.id = cm.conversation_id
group by 1, 2, 3, 4, 5;
