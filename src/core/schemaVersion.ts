/**
 * Current schema version of `run.json`, apart from the schemas of model.ts (which re-exports it) so
 * the store can tell a file's version without building them. Bump it together with a migration in
 * src/store/migrate.ts.
 */
export const RUN_SCHEMA_VERSION = 1;
