-- Row-level security on the contract tables, as MeshHook has it (engine.rls=on). Its policies let a
-- user see their own projects' rows (auth.uid()); here the user is the setting meshhook.uid, which
-- no checker sets, so a role without BYPASSRLS sees nothing, as it would on Supabase. The engine
-- connects as the tables' owner and superuser, which row-level security does not restrict.
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_definitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_events ENABLE ROW LEVEL SECURITY;
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_policies WHERE policyname = 'own_projects') THEN
    CREATE POLICY own_projects ON projects
      USING (owner = nullif(current_setting('meshhook.uid', true), '')::uuid);
    CREATE POLICY own_definitions ON workflow_definitions
      USING (project_id IN (SELECT id FROM projects));
    CREATE POLICY own_runs ON workflow_runs
      USING (project_id IN (SELECT id FROM projects));
    CREATE POLICY own_events ON workflow_events
      USING (run_id IN (SELECT id FROM workflow_runs));
  END IF;
END
$$;
