-- Reference engine schema: MeshHook's database contract (DESIGN.md) plus the engine's own queue.
-- The checker reads only projects, workflow_definitions, workflow_runs and workflow_events.

CREATE TABLE IF NOT EXISTS projects (
  id    uuid PRIMARY KEY,
  owner uuid NOT NULL,
  name  text NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS workflow_definitions (
  id         uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id),
  slug       text NOT NULL,
  version    integer NOT NULL,
  definition jsonb NOT NULL,
  UNIQUE (slug, version)
);

CREATE TABLE IF NOT EXISTS workflow_runs (
  id          uuid PRIMARY KEY,
  project_id  uuid NOT NULL REFERENCES projects (id),
  workflow_id uuid NOT NULL REFERENCES workflow_definitions (id),
  status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'paused', 'canceled')),
  started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz
);

CREATE TABLE IF NOT EXISTS workflow_events (
  id      bigserial PRIMARY KEY,
  run_id  uuid NOT NULL REFERENCES workflow_runs (id),
  ts      timestamptz NOT NULL DEFAULT clock_timestamp(),
  type    text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX IF NOT EXISTS workflow_events_run_idx ON workflow_events (run_id, id);
-- Lets the checker find a run by the load id the suite sent, as a MeshHook operator might add.
CREATE INDEX IF NOT EXISTS workflow_events_load_id_idx
  ON workflow_events ((payload -> 'headers' ->> 'x-meshhook-load-id'))
  WHERE type = 'run_created';

-- The engine's own work queue. A worker claims a row by taking its lease (FOR UPDATE SKIP LOCKED);
-- a delay step hands the run back with a later available_at instead of sleeping on a thread.
CREATE TABLE IF NOT EXISTS engine_run_queue (
  run_id       uuid PRIMARY KEY REFERENCES workflow_runs (id),
  next_step    integer NOT NULL DEFAULT 0,
  -- true while next_step is a delay whose step_started is written and whose time is running
  delay_pending boolean NOT NULL DEFAULT false,
  context      jsonb NOT NULL,
  -- the step whose step_started is written but whose outcome is not: a re-claim restarts it, visibly
  started_step integer NOT NULL DEFAULT -1,
  available_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  lease_until  timestamptz,
  -- new per claim; every write a worker makes checks it, so a worker whose lease was taken over
  -- cannot record anything more for that run
  lease_token  uuid,
  fault        text
);
CREATE INDEX IF NOT EXISTS engine_run_queue_available_idx ON engine_run_queue (available_at);

-- Idempotency keys per project: a repeat within the TTL answers with the first run. The primary key
-- makes a racing second request wait for the first one's commit instead of creating a second run.
CREATE TABLE IF NOT EXISTS engine_idempotency (
  project_id uuid NOT NULL REFERENCES projects (id),
  key        text NOT NULL,
  run_id     uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (project_id, key)
);

-- One shared row for the hot-row fault (engine.fault=hot-row): every webhook updates it in its own
-- transaction, which is how a per-engine counter makes requests queue on a lock.
CREATE TABLE IF NOT EXISTS engine_hot_row (
  id   integer PRIMARY KEY,
  hits bigint NOT NULL DEFAULT 0
);
INSERT INTO engine_hot_row (id) VALUES (1) ON CONFLICT DO NOTHING;

-- Statement statistics, as Supabase has them: the suite's database sampler reads which statements
-- took the database's time. The server loads the library (EngineDatabase.startPostgres); this
-- makes its views. Without the library the extension is created but its views refuse to answer.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
