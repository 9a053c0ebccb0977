// Written by Previewkit next to its Node processes (warm build worker, dev server): they must never outlive the
// JVM that started them. The JVM holds their standard input; when it dies (even by SIGKILL) the pipe closes, or the
// process is re-parented. Either way this kills every process it started, then exits.
import fs from 'node:fs';

/** Every process below `root`, found through /proc (children before grandchildren). */
function descendants(root) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Kills what this process started and exits. */
export function shutDown(code = 0) {
  try {
    for (const pid of descendants(process.pid)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  } finally {
    process.exit(code);
  }
}

/** Ends the process when its standard input closes or its parent changes. `onLine` gets each input line. */
export function watchParent(onLine) {
  const parent = process.ppid;
  let buffered = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim()) onLine(line);
    }
  });
  process.stdin.on('end', () => shutDown(0));
  process.stdin.on('close', () => shutDown(0));
  process.stdin.on('error', () => shutDown(0));
  setInterval(() => { if (process.ppid !== parent) shutDown(0); }, 500).unref();
}

/** Sends one reply to the JVM: a line only it recognises, whatever else the tools print. */
export function reply(message) {
  process.stdout.write(`${process.env.PREVIEWKIT_REPLY}${JSON.stringify(message)}\n`);
}
