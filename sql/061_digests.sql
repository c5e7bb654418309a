-- Scheduled digests, their runs (one per digest and period) and every delivery attempt.

create table digests (
  id text primary key,
  project_id text not null references projects(id) on delete cascade,
  name text not null,
  schedule text not null,
  timezone text not null,
  -- null: every metric of the project
  metrics text[],
  window_days integer not null check (window_days between 1 and 366),
  -- [{type, url, secret}]: secrets are needed in clear to sign, so only admin keys reach them
  targets jsonb not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index digests_project on digests (project_id, created_at, id);

create table digest_runs (
  id text primary key,
  digest_id text not null references digests(id) on delete cascade,
  period_start timestamptz not null,
  period_end timestamptz not null,
  -- pending: claimed, content not built; built: content stored, deliveries outstanding;
  -- delivered: every target accepted; failed: a target gave up (a later run call retries it)
  status text not null check (status in ('pending', 'built', 'delivered', 'failed')),
  -- a worker holds the run until then; a crashed worker's lease runs out and another resumes
  lease_until timestamptz,
  content jsonb,
  error text,
  created_at timestamptz not null default now(),
  built_at timestamptz,
  finished_at timestamptz,
  unique (digest_id, period_end)
);
create index digest_runs_open on digest_runs (status, lease_until) where status in ('pending', 'built');

create table digest_deliveries (
  run_id text not null references digest_runs(id) on delete cascade,
  target_index integer not null,
  attempt integer not null,
  -- sending: written before the request leaves; then sent, or error with the reason
  state text not null check (state in ('sending', 'sent', 'error')),
  http_status integer,
  error text,
  started_at timestamptz not null,
  finished_at timestamptz,
  primary key (run_id, target_index, attempt)
);
