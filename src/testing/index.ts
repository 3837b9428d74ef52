import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";

/**
 * Test support shared by every module's tests: where the reference data sets are, and how a
 * test behaves when a data set or a service is missing. On a user's machine a missing one is a
 * skip with a message that says why; in CI (`CI=true`) it is a failure, because CI always has them.
 */

const HERE = dirname(fileURLToPath(import.meta.url));

/** The project root (the folder holding package.json). */
export const PROJECT_ROOT = resolve(HERE, "..", "..");

/** `../shared/data` beside the project, where the real public data sets live. */
export const SHARED_DATA = process.env.CENTINELA_SHARED_DATA ?? resolve(PROJECT_ROOT, "..", "shared", "data");

/** True when running in CI, where every data set and service must be present. */
export const IN_CI = process.env.CI === "true";

/**
 * The absolute path of a file or folder under ../shared/data, or null after skipping the test
 * (or throwing in CI) when it is absent.
 */
export function sharedData(t: TestContext, relativePath: string): string | null {
  const path = join(SHARED_DATA, relativePath);
  if (existsSync(path)) return path;
  const why = `reference data ${relativePath} not found under ${SHARED_DATA} (it ships beside the project as ../shared/data)`;
  if (IN_CI) throw new Error(`${why}; CI must have it`);
  t.skip(why);
  return null;
}

/**
 * Call when a service a test needs (PostgreSQL, NATS) cannot be reached: skips with the reason
 * on a user's machine, fails in CI.
 */
export function serviceMissing(t: TestContext, service: string, cause: unknown): void {
  const why = `${service} is not reachable (${cause instanceof Error ? cause.message : String(cause)}); start it to run this test`;
  if (IN_CI) throw new Error(`${why}; CI must have it`);
  t.skip(why);
}

/** The PostgreSQL URL tests use: CENTINELA_TEST_PG, else the machine's local server, database `test`. */
export const TEST_POSTGRES_URL = process.env.CENTINELA_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";

/** An empty PostgreSQL schema of one test: its URL (search_path set to it) and how to drop it. */
export interface PostgresSchema {
  url: string;
  drop(): Promise<void>;
}

/** A fresh schema `t_<random>` on the test server, selected through the connection's search_path; throws when the server cannot be reached. */
export async function createPostgresSchema(): Promise<PostgresSchema> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  const schema = `t_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query(`create schema ${schema}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/** createPostgresSchema, or null after skipping (failing in CI) when the server cannot be reached. */
export async function postgresSchema(t: TestContext): Promise<PostgresSchema | null> {
  try {
    return await createPostgresSchema();
  } catch (cause) {
    serviceMissing(t, `PostgreSQL at ${TEST_POSTGRES_URL}`, cause);
    return null;
  }
}
