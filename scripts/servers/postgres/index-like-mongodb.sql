-- Makes FerretDB 1.24's `_id` lookups use an index, as MongoDB's `_id` index serves them
-- (docs/mongodb-wire-server.md). Run on every start of the server; idempotent.
--
-- FerretDB filters `_id` as `_jsonb->'_id' @> $1`, which its own btree index on (_jsonb->'_id')
-- cannot serve, so every lookup or update by `_id` scanned its table (FerretDB#4646). A GIN index
-- with jsonb_path_ops serves `@>`. An event trigger adds it to every table FerretDB creates, in any
-- database (each MongoDB database is a schema of this one), and the block below to tables created
-- before the trigger existed.

CREATE OR REPLACE FUNCTION caregiver_index_id_like_mongodb(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = '_jsonb' AND NOT attisdropped) THEN
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb->''_id'') jsonb_path_ops)',
                   left((SELECT relname FROM pg_class WHERE oid = target), 50) || '_id_gin', target);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION caregiver_index_new_tables() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands()
                 WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    PERFORM caregiver_index_id_like_mongodb(created.objid::regclass);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS caregiver_index_new_tables;
CREATE EVENT TRIGGER caregiver_index_new_tables ON ddl_command_end
  WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION caregiver_index_new_tables();

DO $$
DECLARE existing record;
BEGIN
  FOR existing IN SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                    AND n.nspname NOT LIKE 'pg_toast%' LOOP
    PERFORM caregiver_index_id_like_mongodb(existing.oid::regclass);
  END LOOP;
END $$;

-- FerretDB keeps prepared statements on pooled connections; after five runs PostgreSQL may switch
-- them to a generic plan, which cannot use the index above for a parameterised `@>` and scans.
ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan;
-- A standalone mongod acknowledges a write (w:1, no j) before its journal is flushed; this is the
-- same promise: a crash of the machine may lose the last fraction of a second, never corrupts.
ALTER DATABASE ferretdb SET synchronous_commit = off;
