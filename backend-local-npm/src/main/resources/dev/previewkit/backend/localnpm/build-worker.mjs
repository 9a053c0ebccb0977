// Written by Previewkit into a session's workspace (node_modules/.previewkit/): a warm build worker. It keeps Vite
// loaded and builds the workspace again for every request the JVM sends on standard input, one at a time.
//   strategy "build": vite.build() again in this process (Vite 8 with Rolldown: as fast as a watch rebuild here);
//   strategy "watch": one Rollup watch build (Vite 7 and older), whose module cache re-transforms only what changed.
// Errors are printed as `vite build` prints them, so diagnostics read the same.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { reply, shutDown, watchParent } from './watchdog.mjs';

const root = process.cwd();
const vite = await import('vite');
let queue = Promise.resolve();

watchParent((line) => {
  queue = queue.then(() => handle(JSON.parse(line))).catch((error) => {
    process.stderr.write(`[previewkit worker] ${error.stack}\n`);
    shutDown(1);
  });
});
reply({ type: 'ready', vite: vite.version });

async function handle(request) {
  const started = Date.now();
  const result = request.strategy === 'watch' ? await watchBuild(request) : await oneBuild(request);
  reply({ type: 'built', id: request.id, ok: result.ok, restarted: result.restarted ?? false, ms: Date.now() - started });
}

function inlineConfig(request, outDir, extra = {}) {
  return {
    root, base: request.base, mode: request.mode, logLevel: 'info', clearScreen: false,
    ...extra,
    build: { ...request.build, outDir, emptyOutDir: true, ...(extra.build ?? {}) },
  };
}

function printError(error) {
  process.stderr.write(`error during build:\n${error?.stack ?? error}\n`);
}

async function oneBuild(request) {
  try {
    await vite.build(inlineConfig(request, request.outDir));
    return { ok: true };
  } catch (error) {
    printError(error);
    return { ok: false };
  }
}

// ---------------------------------------------------------------------------------------------------- watch mode

let watcher = null;
let watchKey = null;
let lastOk = false;
let lastError = null;
let building = false;
let waiters = [];
const confirmed = new Map();  // module file -> sha256 of the source its last transform saw
let watched = new Set();
const watchOutDir = path.join(root, 'node_modules', '.previewkit', 'watch-out');

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

function tracker() {
  return {
    name: 'previewkit:watch-tracker',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith('\0')) confirmed.set(id.split('?')[0], sha256(code));
      return null;
    },
    buildEnd() {
      watched = new Set(this.getWatchFiles().map((file) => file.split('?')[0]));
    },
  };
}

async function startWatch(request) {
  if (watcher) await watcher.close();
  confirmed.clear();
  watchKey = JSON.stringify([request.base, request.mode, request.build]);
  building = true;
  const ended = nextEnd();
  watcher = await vite.build(inlineConfig(request, watchOutDir, { plugins: [tracker()], build: { watch: {} } }));
  // Rollup reports a rebuild as START, then ERROR when it failed, then END either way.
  let cycleError = null;
  watcher.on('event', (event) => {
    if (event.code === 'START') {
      building = true;
      cycleError = null;
    } else if (event.code === 'ERROR') {
      cycleError = event.error;
    } else if (event.code === 'END') {
      building = false;
      lastOk = cycleError === null;
      lastError = cycleError;  // printed with the reply, into that build's output
      const woken = waiters;
      waiters = [];
      woken.forEach((wake) => wake());
    }
  });
  await ended;
}

function nextEnd(timeoutMs) {
  return new Promise((resolve) => {
    waiters.push(resolve);
    if (timeoutMs) setTimeout(resolve, timeoutMs);
  });
}

/** Whether the finished rebuild saw exactly the submitted content of every changed module. */
function caughtUp(request) {
  if (building) return false;
  return Object.entries(request.expect).every(([file, sha]) => {
    const absolute = path.resolve(root, file);
    return !watched.has(absolute) || confirmed.get(absolute) === sha;
  });
}

/** Why the watcher cannot take this change and must start over, or null. */
function restartReason(request) {
  if (!watcher) return 'no watch build yet';
  if (watchKey !== JSON.stringify([request.base, request.mode, request.build])) return 'other build options';
  if (!lastOk) return 'the last build failed';
  const { modified, deleted } = request.changes;
  if (deleted.length) return 'files were deleted';
  if (!modified.length) return 'no module changed';
  const outside = modified.find((file) => !watched.has(path.resolve(root, file)) || !confirmed.has(path.resolve(root, file)));
  return outside ? `${outside} is not a module of the build` : null;
}

async function watchBuild(request) {
  let restarted = false;
  const reason = restartReason(request);
  if (reason === null) {
    // Waits while Rollup rebuilds; gives up when 3 s pass with no rebuild running and the change still unseen.
    let quietSince = Date.now();
    while (!caughtUp(request)) {
      if (building) quietSince = Date.now();
      else if (Date.now() - quietSince > 3000) break;
      await nextEnd(250);
    }
  }
  if (reason !== null || !caughtUp(request)) {
    process.stdout.write(`[previewkit worker] full watch build (${reason ?? 'the watcher did not see every change'})\n`);
    await startWatch(request);
    restarted = true;
  }
  if (!lastOk) {
    printError(lastError);
    return { ok: false, restarted };
  }
  // Copied in one synchronous step: no rebuild can start writing the output meanwhile.
  fs.cpSync(watchOutDir, request.outDir, { recursive: true });
  return { ok: true, restarted };
}
