#!/usr/bin/env node
// Installs what `npm start` and `npm test` need on a fresh machine, and nothing when it is there:
//   deps      npm packages (npm ci when node_modules is missing or older than package-lock.json)
//   chromium  Debian's chromium for the browser tests (apt-get, when it is absent and apt is there)
// Playwright's own browser download does not work on these machines, so we never use it.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = new Set(process.argv.slice(2));

function run(cmd) {
  console.log(`[ensure] ${cmd}`);
  execSync(cmd, { cwd: root, stdio: 'inherit' });
}

function has(cmd) {
  try {
    execSync(`command -v ${cmd}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

if (wanted.has('deps')) {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  const stale =
    !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
  if (stale) run(existsSync(lock) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund');
}

if (wanted.has('chromium')) {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter(
    Boolean,
  );
  if (!candidates.some((p) => existsSync(p))) {
    if (!has('apt-get')) {
      console.error(
        '[ensure] Chromium is missing and apt-get is not available. Install Chromium and set CHROMIUM_PATH to its binary.',
      );
      process.exit(1);
    }
    const sudo = process.getuid && process.getuid() !== 0 && has('sudo') ? 'sudo ' : '';
    run(`${sudo}apt-get update -qq`);
    run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`);
  }
}
