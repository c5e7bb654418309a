-- The analyst: per-conversation read cache, and chat threads with their stored answers.

-- One LLM read (facets) of one conversation, keyed by what was sent (model, prompt, redacted and
-- trimmed transcript), so a repeated or follow-up question does not pay twice. Deleting the
-- conversation deletes its reads.
create table analyst_reads (
  project_id text not null,
  conversation_id text not null,
  cache_key text not null,
  facets jsonb not null,
  prompt_tokens integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (project_id, conversation_id, cache_key),
  foreign key (project_id, conversation_id) references conversations(project_id, id) on delete cascade
);

create table analyst_threads (
  id text primary key,
  project_id text not null references projects(id) on delete cascade,
  title text not null,
  -- the API key that opened it (kept when the key is deleted, for the audit trail)
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index analyst_threads_list on analyst_threads (project_id, updated_at desc, id desc);

-- A thread's messages in order: the user's question, then the analyst's answer (or clarification).
create table analyst_messages (
  id text primary key,
  thread_id text not null references analyst_threads(id) on delete cascade,
  seq integer not null,
  role text not null check (role in ('user', 'analyst')),
  content text not null,
  plan jsonb,
  answer jsonb,
  sample_id text,
  created_at timestamptz not null default now(),
  unique (thread_id, seq)
);
