import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const sourceEntry = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

/**
 * The node arguments that start `ward`. scripts/run-tests.ts compiles the CLI once per run and names
 * it in WARD_TEST_CLI_ENTRY, so each spawn skips tsx's loader (about half of a short command's CPU);
 * without it the TypeScript source runs through tsx.
 */
export function wardNodeArguments(): string[] {
  const compiled = process.env.WARD_TEST_CLI_ENTRY;
  return compiled ? [compiled] : ['--import', 'tsx', sourceEntry];
}

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `ward …` as a user would, in a child process. */
export function runCli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...wardNodeArguments(), ...args], {
      env: { ...process.env, WARD_DB: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

export type RunningCli = {
  url: Promise<string>;
  stop(): Promise<void>;
  output(): string;
  /** Kills the process with a signal (SIGKILL for crash tests) and resolves with the signal it died of. */
  kill(signal: NodeJS.Signals): Promise<NodeJS.Signals | null>;
};

/** Starts `ward serve` (or any long-running command) and resolves `url` once it prints where it listens. */
export function startCli(args: string[], options: { env?: Record<string, string> } = {}): RunningCli {
  const child = spawn(process.execPath, [...wardNodeArguments(), ...args], {
    env: { ...process.env, WARD_DB: '', WARD_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`ward exited with ${code ?? 'a signal'} before listening:\n${output}`)));
  });
  url.catch(() => undefined);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return {
    url,
    output: () => output,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
