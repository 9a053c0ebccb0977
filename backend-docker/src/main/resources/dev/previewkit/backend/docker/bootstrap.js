// Runs first in every Previewkit container (as `node -e`), as the container's user. The spec is argv[1], JSON:
// {nonce, go, command: [...], cwd, env, link?: {from, to}, seed?: {from, to}, save?: {from, to}}. The command's
// environment is the container's plus env (set here, as NODE_EXTRA_CA_CERTS names a file that arrives later).
// 1. Waits until the engine has unpacked the project (the go file is the archive's last entry).
// 2. Links the entries of a read-only dependency set into the project's own node_modules (link), or copies a
//    seed set into it (seed), so that nothing the build writes lands in a shared set.
// 3. Runs the command, then kills every other process of the container (daemons the build left behind).
// 4. On success copies the installed tree to the set's volume (save) and counts its bytes.
// 5. Prints the result line `<nonce> {"exit":..,"signal":..,"bytes":..,"oom":..,"ms":{..}}` and waits: the host
//    copies the output out of the workspace, which lives only as long as the container, then removes the
//    container. `oom` says whether the kernel killed a process of the container for want of memory: the engine
//    marks a container OOMKilled only once it has stopped, and this one keeps running after the command was
//    killed. `ms` says how long each step took: boot (Node.js up to this script), wait, link or seed, command, save.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const spec = JSON.parse(process.argv[1]);
const ms = { boot: Math.round(performance.now()) };
let lapStart = performance.now();

function lap(step) {
  const now = performance.now();
  ms[step] = Math.round(now - lapStart);
  lapStart = now;
}

function waitForGo() {
  return new Promise((resolve) => {
    const poll = () => (fs.existsSync(spec.go) ? resolve() : setTimeout(poll, 5));
    poll();
  });
}

function bytesIn(folder) {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += bytesIn(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

// How many processes of the container the kernel killed for want of memory: its memory cgroup's count.
function oomKills() {
  for (const file of ['/sys/fs/cgroup/memory/memory.oom_control', '/sys/fs/cgroup/memory.events']) {
    try {
      const match = /^oom_kill (\d+)$/m.exec(fs.readFileSync(file, 'utf8'));
      if (match) return Number(match[1]);
    } catch (e) { /* the other cgroup version */ }
  }
  return 0;
}

function finish(result) {
  process.stdout.write('\n' + spec.nonce + ' ' + JSON.stringify({ ...result, ms }) + '\n');
  setInterval(() => {}, 1 << 30);
}

async function main() {
  await waitForGo();
  lap('wait');
  if (spec.link) {
    fs.mkdirSync(spec.link.to, { recursive: true });
    if (fs.existsSync(spec.link.from)) {
      for (const name of fs.readdirSync(spec.link.from)) {
        fs.symlinkSync(path.join(spec.link.from, name), path.join(spec.link.to, name));
      }
    }
    lap('link');
  }
  if (spec.seed && fs.existsSync(spec.seed.from)) {
    fs.cpSync(spec.seed.from, spec.seed.to, { recursive: true, verbatimSymlinks: true });
    lap('seed');
  }
  const child = spawn(spec.command[0], spec.command.slice(1), { cwd: spec.cwd, stdio: 'inherit', env: { ...process.env, ...spec.env } });
  child.on('error', (e) => finish({ exit: 127, signal: null, bytes: 0, error: String(e.message) }));
  child.on('exit', (code, signal) => {
    lap('command');
    try { process.kill(-1, 'SIGKILL'); } catch (e) { /* nothing else was running */ }
    let bytes = 0;
    if (code === 0 && spec.save) {
      try {
        fs.mkdirSync(spec.save.to, { recursive: true });
        fs.cpSync(spec.save.from, spec.save.to, { recursive: true, verbatimSymlinks: true });
        bytes = bytesIn(spec.save.to);
        lap('save');
      } catch (e) {
        finish({ exit: 125, signal: null, bytes: 0, error: 'cannot save the installed tree: ' + e.message });
        return;
      }
    }
    finish({ exit: code === null ? 128 : code, signal, bytes, oom: oomKills() > 0 });
  });
}

main().catch((e) => finish({ exit: 125, signal: null, bytes: 0, error: String(e && e.stack || e) }));
