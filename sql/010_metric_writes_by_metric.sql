-- Writes by metric and value: answers "does any write use this category?" before a category is
-- removed from a definition, and serves the cascade when a definition is deleted, without
-- scanning metric_writes.
create index metric_writes_metric_value on metric_writes (metric_id, value);
