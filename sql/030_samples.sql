-- Stored samples: the audit trail behind every analyst answer. A sample keeps the request,
-- seed, window and frame it was drawn with, and its members in draw order. Members keep only
-- the conversation id and stratum label, never values or text: loading a sample reads the
-- conversations as they are now, so a conversation erased later shows as erased (there is
-- deliberately no foreign key to conversations, so erasure does not delete the membership).

create table samples (
  id text primary key,
  project_id text not null references projects(id) on delete cascade,
  metric text not null,
  -- the seed as given: a number or a string
  seed jsonb not null,
  -- the request after defaults, as drawn
  request jsonb not null,
  window_start timestamptz not null,
  window_end timestamptz not null,
  -- one entry per stratum: value, population, sampled, inclusion_probability, weight
  frame jsonb not null,
  -- the id of the API key that drew it; null when drawn internally
  created_by text,
  created_at timestamptz not null default now()
);
create index samples_project on samples (project_id, created_at desc, id desc);

create table sample_members (
  sample_id text not null references samples(id) on delete cascade,
  position integer not null,
  conversation_id text not null,
  stratum text not null,
  primary key (sample_id, position)
);

-- The "not written" stratum draws conversations by sample key within one environment: this
-- index makes each seeded arc a range scan. Value strata use conversation_metrics_value_key.
create index conversations_sample_key on conversations (project_id, environment, sample_key);

-- Value strata are walked by sample key. Covering the columns every walk reads (the window,
-- the id, and value_num for numeric ranges) keeps each seeded arc and the population estimate
-- an index-only scan: no heap visit per row. It duplicates the key of
-- conversation_metrics_value_key, at the cost of one more index entry per effective value.
create index conversation_metrics_sample on conversation_metrics (metric_id, value_text, sample_key)
  include (started_at, conversation_id, value_num);
