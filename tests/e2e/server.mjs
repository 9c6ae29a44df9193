// Helpers for the e2e run: a throw-away database with accounts, and the server process.
import { spawn, execFileSync } from 'node:child_process';

/** Runs BINARY with args (optionally feeding stdin); throws with its stderr on failure. */
export function run(binary, args, input) {
  try {
    return execFileSync(binary, args, {
      input: input ?? '',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 20_000,
      encoding: 'utf8',
    });
  } catch (e) {
    throw new Error(`${binary} ${args.join(' ')} failed: ${(e.stderr || e.message || '').trim()}`);
  }
}

/** Creates the database and one account per entry of `accounts` ({login, role, name?, password}). */
export function prepareDatabase(binary, db, accounts) {
  run(binary, ['init', '--db', db]);
  for (const a of accounts) {
    const name = a.name ? ['--name', a.name] : [];
    run(binary, ['user', 'add', a.login, '--role', a.role, ...name, '--db', db, '--password-stdin'],
      `${a.password}\n`);
  }
}

/**
 * Starts `BINARY serve` on a free loopback port. Resolves to {proc, url, stop} once the
 * server has printed its address; rejects if it exits first or says nothing in time.
 */
export function startServer(binary, db, { timeoutMs = 15_000 } = {}) {
  const proc = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { stderr += d; });
  proc.stdout.setEncoding('utf8');
  let exited = false;
  const exitedPromise = new Promise((resolve) => proc.once('exit', () => { exited = true; resolve(); }));

  const stop = async () => {
    if (exited || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = new Promise((r) => setTimeout(r, 5000, 'timeout'));
    if ((await Promise.race([exitedPromise, timer])) === 'timeout') {
      proc.kill('SIGKILL');
      await exitedPromise;
    }
  };

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server printed no address within ${timeoutMs} ms; stderr: ${stderr.trim()}`));
    }, timeoutMs);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/(http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], stop, stderr: () => stderr });
      }
    });
    proc.once('error', (e) => { clearTimeout(timer); reject(e); });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}); stderr: ${stderr.trim()}`));
    });
  });
  return { proc, stop, ready, stderr: () => stderr };
}
