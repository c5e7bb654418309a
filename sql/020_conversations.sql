-- Conversations API: per-project response configuration, transcript search, saved views and
-- the content-free audit trail of erasures.
--
-- Indexes that serve the list and the export (measured in bench/conversations.ts):
-- * conversations_list (001): (project_id, environment, started_at desc, id desc). The list
--   and every export page walk it backwards from the keyset cursor `(started_at, id) < (t, i)`
--   and stop after `limit` rows, so a page costs O(limit) whatever the table size.
-- * conversation_metrics primary key (001): (project_id, metric_id, conversation_id). Each
--   metric filter is a correlated EXISTS probed by that key for each candidate row, one index
--   lookup per row walked; no filter ever scans conversation_metrics.
-- * conversation_metrics_conversation (001): (project_id, conversation_id) and the
--   conversation_turns primary key (project_id, conversation_id, idx) serve the correlated
--   json_agg subqueries that fold each returned row's metric values and turns into the page
--   query itself: one round trip per page, evaluated only for the rows the page returns.
-- * conversation_search_* below: GIN indexes over the transcript's text-search vectors.

create table project_api_config (
  project_id text primary key references projects(id) on delete cascade,
  -- null: every metric; otherwise the names of the metrics served in responses
  response_metrics text[],
  transcripts boolean not null default true,
  updated_at timestamptz not null default now()
);

-- Text-search vectors of a conversation's transcript, rebuilt from conversation_turns on each
-- ingest or append ('simple' configuration: no stemming, so it works for any language and on
-- PGlite, and matches what a reviewer typed).
create table conversation_search (
  project_id text not null,
  conversation_id text not null,
  all_tsv tsvector not null,
  user_tsv tsvector not null,
  agent_tsv tsvector not null,
  primary key (project_id, conversation_id),
  foreign key (project_id, conversation_id) references conversations(project_id, id) on delete cascade
);
create index conversation_search_all on conversation_search using gin (all_tsv);
create index conversation_search_user on conversation_search using gin (user_tsv);
create index conversation_search_agent on conversation_search using gin (agent_tsv);

-- Named filter sets: `query` is the canonical query string of the list endpoint.
create table saved_views (
  id text primary key,
  project_id text not null references projects(id) on delete cascade,
  name text not null,
  query text not null,
  created_by text,
  created_at timestamptz not null default now(),
  unique (project_id, name)
);
create index saved_views_project on saved_views (project_id, created_at desc, id desc);

-- What remains after DELETE /conversations/{id}: no id, no text, no values. subject_hash is
-- sha256(project_id || ':' || conversation_id), so someone who holds the id can show that it
-- was erased, and nobody can read the id back from the table.
create table conversation_erasures (
  id text primary key,
  project_id text not null references projects(id) on delete cascade,
  subject_hash text not null,
  erased_by text,
  turns_erased integer not null,
  writes_erased integer not null,
  erased_at timestamptz not null default now()
);
create index conversation_erasures_project on conversation_erasures (project_id, erased_at desc);
