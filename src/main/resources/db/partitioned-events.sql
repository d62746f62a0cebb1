-- workflow_events as MeshHook's migration lays it out (engine.dialect=meshhook): partitioned by range
-- of ts, primary key (id, ts). A fresh database's plain table is replaced; one that already holds
-- events is never touched, and one already partitioned is left as it is (a restart).
DO $$
DECLARE
  day date;
BEGIN
  IF (SELECT relkind FROM pg_class WHERE oid = 'public.workflow_events'::regclass) = 'p' THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM workflow_events) THEN
    RAISE EXCEPTION 'workflow_events already holds events: a used database cannot become partitioned';
  END IF;
  DROP TABLE workflow_events;
  CREATE TABLE workflow_events (
    id      bigserial,
    run_id  uuid NOT NULL REFERENCES workflow_runs (id),
    ts      timestamptz NOT NULL DEFAULT clock_timestamp(),
    type    text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (id, ts)
  ) PARTITION BY RANGE (ts);
  -- A partition a day around today, so a run's events may straddle partitions; the default one
  -- takes anything outside them.
  FOR day IN SELECT generate_series(current_date - 1, current_date + 7, interval '1 day')::date LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF workflow_events FOR VALUES FROM (%L) TO (%L)',
                   'workflow_events_' || to_char(day, 'YYYYMMDD'), day, day + 1);
  END LOOP;
  CREATE TABLE workflow_events_default PARTITION OF workflow_events DEFAULT;
  CREATE INDEX workflow_events_run_idx ON workflow_events (run_id, id);
  CREATE INDEX workflow_events_load_id_idx
    ON workflow_events ((payload -> 'headers' ->> 'x-meshhook-load-id'))
    WHERE type = 'run_created';
  GRANT SELECT ON workflow_events TO meshhook_checker, meshhook_checker_bypass;
END
$$;
