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
  available_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  lease_until  timestamptz,
  fault        text
);
CREATE INDEX IF NOT EXISTS engine_run_queue_available_idx ON engine_run_queue (available_at);
