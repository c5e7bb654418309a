-- Core metric store: workspaces, projects, API keys, metric definitions, conversations,
-- turns, every metric write, and the effective (last written) value per conversation.

create table workspaces (
  id text primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table projects (
  id text primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  slug text not null,
  name text not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, slug)
);

create table api_keys (
  id text primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  name text not null,
  -- visible, non-secret part of the key, used to find the row before comparing hashes
  prefix text not null unique,
  -- SHA-256 of the whole secret; keys are 256-bit random so a fast hash is enough
  secret_hash text not null,
  scopes text[] not null,
  -- null: every project of the workspace
  project_ids text[],
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_keys_workspace on api_keys (workspace_id, created_at);

create table metric_definitions (
  id text primary key,
  project_id text not null references projects(id) on delete cascade,
  name text not null,
  type text not null check (type in ('boolean', 'categorical', 'numeric')),
  categories text[],
  min double precision,
  max double precision,
  definition text not null default '',
  flow text,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, name)
);

create table conversations (
  project_id text not null references projects(id) on delete cascade,
  id text not null,
  environment text not null default 'live',
  channel text,
  started_at timestamptz not null,
  ended_at timestamptz,
  in_progress boolean not null default false,
  handoff_to text,
  handoff_reason text,
  state jsonb not null default '{}'::jsonb,
  metadata jsonb not null default '{}'::jsonb,
  num_turns integer not null default 0,
  -- false while only metric writes have arrived (a live call not yet ingested)
  ingested boolean not null default false,
  -- uniform random key in [0,1): stratified sampling draws by key ranges over an index
  sample_key double precision not null default random(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, id)
);
-- list order: started_at desc, id desc, keyset paginated
create index conversations_list on conversations (project_id, environment, started_at desc, id desc);

create table conversation_turns (
  project_id text not null,
  conversation_id text not null,
  idx integer not null,
  role text not null check (role in ('user', 'agent', 'function', 'system')),
  text text not null,
  at timestamptz,
  name text,
  primary key (project_id, conversation_id, idx),
  foreign key (project_id, conversation_id) references conversations(project_id, id) on delete cascade
);

create table metric_writes (
  id bigserial primary key,
  project_id text not null,
  conversation_id text not null,
  metric_id text not null references metric_definitions(id) on delete cascade,
  value jsonb not null,
  source text,
  write_once boolean not null default false,
  -- a write refused by write_once is still recorded, so nothing acknowledged is lost
  ignored boolean not null default false,
  written_at timestamptz not null default now(),
  foreign key (project_id, conversation_id) references conversations(project_id, id) on delete cascade
);
create index metric_writes_conversation on metric_writes (project_id, conversation_id, id);

-- The effective value of each metric on each conversation: the last write not ignored.
-- started_at and sample_key are copied from the conversation so that filters, rates and
-- sampling are served from this table's indexes without touching conversations.
create table conversation_metrics (
  project_id text not null,
  metric_id text not null references metric_definitions(id) on delete cascade,
  conversation_id text not null,
  -- 'true'/'false' for boolean, the category for categorical, null for numeric
  value_text text,
  value_num double precision,
  write_count integer not null default 1,
  locked boolean not null default false,
  started_at timestamptz not null,
  sample_key double precision not null,
  updated_at timestamptz not null default now(),
  primary key (project_id, metric_id, conversation_id),
  foreign key (project_id, conversation_id) references conversations(project_id, id) on delete cascade
);
create index conversation_metrics_value_time on conversation_metrics (metric_id, value_text, started_at);
create index conversation_metrics_value_key on conversation_metrics (metric_id, value_text, sample_key);
create index conversation_metrics_num on conversation_metrics (metric_id, value_num) where value_num is not null;
create index conversation_metrics_conversation on conversation_metrics (project_id, conversation_id);

create table idempotency_keys (
  api_key_id text not null,
  key text not null,
  request_hash text not null,
  status integer,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (api_key_id, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);
