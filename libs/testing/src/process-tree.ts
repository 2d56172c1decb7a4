import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it: its id, its parent and its process group. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  command: string;
}

/** Every process on the machine (Linux /proc); processes that end while it reads are skipped. */
export function listProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the fields after the last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      entries.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), command });
    } catch {
      // Gone meanwhile.
    }
  }
  return entries;
}

/** The living descendants of `pid` (children, their children, ...), not `pid` itself. */
export function descendantsOf(pid: number, processes: readonly ProcessEntry[] = listProcesses()): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const children = processes.filter((entry) => parents.has(entry.ppid));
    found.push(...children);
    parents = new Set(children.map((child) => child.pid));
  }
  return found;
}

/** Whether `pid` still runs (a zombie does not). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
