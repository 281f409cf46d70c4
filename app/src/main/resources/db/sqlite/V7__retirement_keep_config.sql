-- policy retire --keep-config (docs/rollout.md): when the retirement completes, serve leaves the
-- domain's block in the config file (mode none) instead of removing it, for files a
-- config-management tool owns. 0: remove the block, as before. The PostgreSQL twin is
-- db/postgresql/V7__retirement_keep_config.sql; keep both in step.
ALTER TABLE policy_retirement ADD COLUMN keep_config INTEGER NOT NULL DEFAULT 0;
