-- The checker's read-only role. It can read the contract tables and nothing else: verification
-- must work against a production database where it is granted SELECT only.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meshhook_checker') THEN
    CREATE ROLE meshhook_checker LOGIN;
  END IF;
END
$$;
ALTER ROLE meshhook_checker SET default_transaction_read_only = on;
GRANT USAGE ON SCHEMA public TO meshhook_checker;
GRANT SELECT ON projects, workflow_definitions, workflow_runs, workflow_events TO meshhook_checker;
-- Read-only too: the suite's database sampler sees every session's state and wait, and every
-- statement's text, only with pg_monitor (pg_read_all_stats); without it they read as unknown.
GRANT pg_monitor TO meshhook_checker;

-- The same read-only view with BYPASSRLS: where row-level security is on (engine.rls=on, or a real
-- MeshHook), a role without it sees no rows at all.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meshhook_checker_bypass') THEN
    CREATE ROLE meshhook_checker_bypass LOGIN BYPASSRLS;
  END IF;
END
$$;
ALTER ROLE meshhook_checker_bypass SET default_transaction_read_only = on;
GRANT USAGE ON SCHEMA public TO meshhook_checker_bypass;
GRANT SELECT ON projects, workflow_definitions, workflow_runs, workflow_events TO meshhook_checker_bypass;
GRANT pg_monitor TO meshhook_checker_bypass;
