-- Totals over every channel: what ungrouped trends and summaries read, a third or less of the
-- rows of the per-channel slots (bench/trends.ts). Kept from the slot tables by their own
-- statement triggers, so every write path that keeps the slots keeps these too.

create table trend_metric_totals (
  metric_id text not null references metric_definitions(id) on delete cascade,
  environment text not null,
  slot timestamptz not null,
  value_text text not null,
  n bigint not null,
  sum_num double precision not null default 0,
  sum_sq double precision not null default 0,
  primary key (metric_id, environment, slot, value_text)
);

create table trend_conversation_totals (
  project_id text not null references projects(id) on delete cascade,
  environment text not null,
  slot timestamptz not null,
  n bigint not null,
  primary key (project_id, environment, slot)
);

create function trend_metric_totals_insert() returns trigger language plpgsql as $$
begin
  insert into trend_metric_totals as t (metric_id, environment, slot, value_text, n, sum_num, sum_sq)
  select metric_id, environment, slot, value_text, sum(n), sum(sum_num), sum(sum_sq)
  from new_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (metric_id, environment, slot, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create function trend_metric_totals_update() returns trigger language plpgsql as $$
begin
  insert into trend_metric_totals as t (metric_id, environment, slot, value_text, n, sum_num, sum_sq)
  select n.metric_id, n.environment, n.slot, n.value_text, sum(n.n - o.n), sum(n.sum_num - o.sum_num), sum(n.sum_sq - o.sum_sq)
  from new_rows n join old_rows o using (metric_id, environment, slot, channel, value_text)
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (metric_id, environment, slot, value_text)
  do update set n = t.n + excluded.n, sum_num = t.sum_num + excluded.sum_num, sum_sq = t.sum_sq + excluded.sum_sq;
  return null;
end $$;

create trigger trend_metric_totals_insert after insert on trend_metric_slots referencing new table as new_rows
  for each statement execute function trend_metric_totals_insert();
create trigger trend_metric_totals_update after update on trend_metric_slots referencing old table as old_rows new table as new_rows
  for each statement execute function trend_metric_totals_update();

create function trend_conversation_totals_insert() returns trigger language plpgsql as $$
begin
  insert into trend_conversation_totals as t (project_id, environment, slot, n)
  select project_id, environment, slot, sum(n) from new_rows group by 1, 2, 3 order by 1, 2, 3
  on conflict (project_id, environment, slot) do update set n = t.n + excluded.n;
  return null;
end $$;

create function trend_conversation_totals_update() returns trigger language plpgsql as $$
begin
  insert into trend_conversation_totals as t (project_id, environment, slot, n)
  select n.project_id, n.environment, n.slot, sum(n.n - o.n)
  from new_rows n join old_rows o using (project_id, environment, slot, channel)
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (project_id, environment, slot) do update set n = t.n + excluded.n;
  return null;
end $$;

create trigger trend_conversation_totals_insert after insert on trend_conversation_slots referencing new table as new_rows
  for each statement execute function trend_conversation_totals_insert();
create trigger trend_conversation_totals_update after update on trend_conversation_slots referencing old table as old_rows new table as new_rows
  for each statement execute function trend_conversation_totals_update();

insert into trend_metric_totals (metric_id, environment, slot, value_text, n, sum_num, sum_sq)
select metric_id, environment, slot, value_text, sum(n), sum(sum_num), sum(sum_sq) from trend_metric_slots group by 1, 2, 3, 4;
insert into trend_conversation_totals (project_id, environment, slot, n)
select project_id, environment, slot, sum(n) from trend_conversation_slots group by 1, 2, 3;
