import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findPostgresBinary } from '../storage/postgres-binaries.js';

export type PostgresCluster = {
  url: string;
  /** Stops the server for good and removes its folder. */
  stop(): void;
  /** Stops the server (immediate shutdown: clients lose their connections), keeping its data. */
  halt(): void;
  /** Starts a halted server again on the same port. */
  resume(): void;
};

/** The folder holding initdb and pg_ctl (see findPostgresBinary), or null without a PostgreSQL server install. */
export function findPostgresBinaries(): string | null {
  const initdb = findPostgresBinary('initdb');
  return initdb ? dirname(initdb) : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL cluster in a temporary folder on a free loopback port. initdb and
 * pg_ctl refuse to run as root, so as root they run as the `postgres` user, who owns the folder.
 */
export async function startPostgresCluster(bindir: string): Promise<PostgresCluster> {
  const folder = mkdtempSync(join(tmpdir(), 'ward-pg-'));
  const data = join(folder, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(folder, uid, gid);
  }
  const run = (binary: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bindir, binary);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(bindir, binary), ...args] : args;
    const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const start = () => run('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  const halt = () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        if (existsSync(join(data, 'postmaster.pid'))) halt();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    halt,
    resume: start,
  };
}
