// Memory of a process tree, read from Linux's /proc. Chromium runs the page and its dedicated
// workers in one renderer process, IndexedDB in the browser process, and the GPU and network in
// processes of their own, so the figure that matters is the sum over the whole tree.
//
// RSS counts shared pages (libraries, shared memory) once per process, so summing RSS over
// Chromium's processes overstates; PSS divides each shared page among the processes that map
// it, so the PSS sum is what the tree really costs. Both are sampled; PSS is the headline.
import { readdirSync, readFileSync } from 'node:fs';

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** pid → parent pid of every process we may read. */
function parentMap() {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (!stat) continue;
    // The command name is in parentheses and may hold spaces: the fields start after ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(name), Number(fields[1]));
  }
  return parents;
}

/** Every descendant of `root` (not `root` itself). */
export function descendants(root) {
  const parents = parentMap();
  const children = new Map();
  for (const [pid, ppid] of parents) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Chromium's role for a process: browser, renderer, gpu-process, utility, zygote… */
function roleOf(cmdline) {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  if (type === 'utility') return `utility:${/--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1] ?? '?'}`;
  return type;
}

function kib(text, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : 0;
}

/** RSS and PSS (bytes) of every Chromium process below `root`, with its role. */
export function chromiumMemory(root) {
  const processes = [];
  for (const pid of descendants(root)) {
    const cmdline = readText(`/proc/${pid}/cmdline`);
    if (!cmdline || !cmdline.includes('chromium')) continue;
    const rollup = readText(`/proc/${pid}/smaps_rollup`);
    if (!rollup) continue;
    processes.push({
      pid,
      role: roleOf(cmdline.replaceAll('\0', ' ')),
      rss: kib(rollup, 'Rss'),
      pss: kib(rollup, 'Pss'),
      // What kind of pages: anonymous (malloc, V8 heaps), files mapped (libraries, databases
      // read or written through mmap, reclaimable by the kernel) and shared memory (Mojo pipes,
      // the GPU's buffers).
      pssAnon: kib(rollup, 'Pss_Anon'),
      pssFile: kib(rollup, 'Pss_File'),
      pssShmem: kib(rollup, 'Pss_Shmem'),
    });
  }
  return processes;
}

/**
 * Samples the Chromium tree below `root` every `everyMs` and keeps the peaks: total PSS, total
 * RSS, and per role. `mark(name)` starts a named window whose own peaks are kept too (the
 * ingest, the profile), so an idle baseline can be told from the work.
 */
export function startSampler(root, everyMs = 100) {
  const peaks = { pss: 0, rss: 0, byRole: {} };
  const windows = {};
  let current;
  let samples = 0;
  let started;
  /** [ms since the first mark, total PSS MB, renderer PSS MB, browser PSS MB] per sample. */
  const timeline = [];
  const take = () => {
    const processes = chromiumMemory(root);
    let pss = 0;
    /** PSS of anonymous and shared pages only: without the file-backed pages (code, mapped
     * files), which the kernel drops under memory pressure and reads back, moving the total by
     * tens of MB on a machine shared with other work. */
    let anon = 0;
    let rss = 0;
    const byRole = {};
    /** `<role> anon|file|shmem` → PSS of that kind of page. */
    const byKind = {};
    for (const p of processes) {
      pss += p.pss;
      anon += p.pssAnon + p.pssShmem;
      rss += p.rss;
      byRole[p.role] = (byRole[p.role] ?? 0) + p.pss;
      for (const kind of ['Anon', 'File', 'Shmem']) {
        const key = `${p.role} ${kind.toLowerCase()}`;
        byKind[key] = (byKind[key] ?? 0) + p[`pss${kind}`];
      }
      peaks.byRole[p.role] = Math.max(peaks.byRole[p.role] ?? 0, p.pss);
    }
    if (started !== undefined) {
      const mbOf = (b) => Math.round((b ?? 0) / 1e6);
      timeline.push([
        Math.round(performance.now() - started),
        mbOf(pss),
        mbOf(byRole.renderer),
        mbOf(byRole.browser),
      ]);
    }
    peaks.pss = Math.max(peaks.pss, pss);
    peaks.rss = Math.max(peaks.rss, rss);
    if (current) {
      const w = windows[current];
      w.pss = Math.max(w.pss, pss);
      w.anon = Math.max(w.anon ?? 0, anon);
      w.rss = Math.max(w.rss, rss);
      w.firstPss ??= pss;
      w.byRole ??= {};
      for (const [role, v] of Object.entries(byRole)) w.byRole[role] = Math.max(w.byRole[role] ?? 0, v);
      w.byKind ??= {};
      for (const [kind, v] of Object.entries(byKind)) w.byKind[kind] = Math.max(w.byKind[kind] ?? 0, v);
    }
    samples++;
    return { pss, rss, anon, byRole, byKind };
  };
  const timer = setInterval(take, everyMs);
  return {
    /** One sample now (also returned), e.g. the idle baseline before the work starts. */
    sample: take,
    mark(name) {
      started ??= performance.now();
      current = name;
      windows[name] = { pss: 0, rss: 0 };
      take();
    },
    stop() {
      clearInterval(timer);
      take();
      return { peaks, windows, samples, timeline };
    },
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ, the unit of utime/stime in /proc/<pid>/task/<tid>/stat

/**
 * CPU seconds used so far by every thread of the Chromium processes below `root`, keyed
 * "role/thread name" (threads of the same name are summed: e.g. all "ThreadPoolForeg" workers).
 * Chromium names its threads: CrRendererMain is the page's main thread, DedicatedWorker thread
 * the data worker. Differences between two snapshots are robust to other load on the machine,
 * unlike wall-clock seconds.
 */
export function chromiumThreadCpu(root) {
  const out = {};
  for (const pid of descendants(root)) {
    const cmdline = readText(`/proc/${pid}/cmdline`);
    if (!cmdline || !cmdline.includes('chromium')) continue;
    const role = roleOf(cmdline.replaceAll('\0', ' '));
    let tids;
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = readText(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      const key = `${role}/${name}`;
      out[key] = (out[key] ?? 0) + seconds;
    }
  }
  return out;
}

/** CPU seconds per thread between two snapshots, busiest first, dropping threads under 10 ms. */
export function cpuBetween(before, after) {
  const out = {};
  for (const [key, seconds] of Object.entries(after)) {
    const d = seconds - (before[key] ?? 0);
    if (d >= 0.01) out[key] = Math.round(d * 100) / 100;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}
