import { createHash, type Hash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseRequirementRefs } from './requirements-refs.js';

/** Bump when the inputs change meaning, so old saved hashes never match. */
const HASH_SCHEME = 'hop3-python-deps/1';
/** Directories never part of a source tree's hash. */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', '__pycache__', 'node_modules', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache']);
const MAX_TREE_FILES = 5_000;
const MAX_TREE_BYTES = 200 * 1024 * 1024;
const MAX_INCLUDE_DEPTH = 10;

export type InstallMode = 'requirements' | 'pyproject';

export interface DependencyHashInput {
  sourceDir: string;
  mode: InstallMode;
  /** Full version of the venv's interpreter. */
  pythonVersion: string;
  /** pip-relevant settings (PIP_* variables) that change what gets installed. */
  pipEnv: Record<string, string>;
  /** `[build] system-site-packages`: pip skips what the system already provides. */
  systemSitePackages?: boolean;
}

export interface DependencyHash {
  hash: string;
  /** What went into the hash, relative to the source dir (for the build log). */
  inputs: string[];
  /** False when an input was too large to hash: the install then always runs. */
  cacheable: boolean;
}

class HashBuilder {
  readonly inputs: string[] = [];
  cacheable = true;
  private readonly hash: Hash = createHash('sha256');
  private treeFiles = 0;
  private treeBytes = 0;

  constructor(readonly sourceDir: string) {}

  add(label: string, value: string | Buffer): void {
    this.hash.update(`${label}\0${value.length}\0`);
    this.hash.update(value);
    this.hash.update('\0');
  }

  async addFile(path: string): Promise<Buffer | null> {
    const label = relative(this.sourceDir, path) || '.';
    try {
      const content = await readFile(path);
      this.add(`file:${label}`, content);
      this.inputs.push(label);
      return content;
    } catch {
      this.add(`missing:${label}`, '');
      return null;
    }
  }

  /** Every file below `dir` (sorted), or a directory given where a file was expected. */
  async addTree(dir: string): Promise<void> {
    let info;
    try {
      info = await stat(dir);
    } catch {
      this.add(`missing:${relative(this.sourceDir, dir)}`, '');
      return;
    }
    if (!info.isDirectory()) {
      await this.addFile(dir);
      return;
    }
    this.inputs.push(`${relative(this.sourceDir, dir) || '.'}/`);
    await this.walk(dir);
  }

  private async walk(dir: string): Promise<void> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (!this.cacheable) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await this.walk(path);
      } else if (entry.isFile()) {
        const content = await readFile(path);
        this.treeFiles += 1;
        this.treeBytes += content.length;
        if (this.treeFiles > MAX_TREE_FILES || this.treeBytes > MAX_TREE_BYTES) {
          this.cacheable = false;
          return;
        }
        this.add(`tree:${relative(this.sourceDir, path)}`, content);
      }
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

async function addRequirementsFile(builder: HashBuilder, file: string, seen: Set<string>, depth: number): Promise<void> {
  if (seen.has(file) || depth > MAX_INCLUDE_DEPTH) return;
  seen.add(file);
  const content = await builder.addFile(file);
  if (content === null) return;
  const refs = parseRequirementRefs(content.toString('utf8'));
  const base = dirname(file);
  for (const include of refs.includes) await addRequirementsFile(builder, resolve(base, include), seen, depth + 1);
  // pip resolves find-links and local paths against its working directory: the source dir.
  for (const dir of refs.findLinks) await builder.addTree(resolve(builder.sourceDir, dir));
  for (const path of refs.localPaths) await builder.addTree(resolve(builder.sourceDir, path));
}

/**
 * A hash of everything that decides what `pip install` puts in the venv: the requirements
 * (and the `-r`/`-c` files they include), local wheels and find-links dirs they point at, the
 * Python version and the PIP_* settings. For a pyproject-only app, pip installs the app itself,
 * so its whole source tree is part of the hash.
 */
export async function computeDependencyHash(input: DependencyHashInput): Promise<DependencyHash> {
  const builder = new HashBuilder(input.sourceDir);
  builder.add('scheme', HASH_SCHEME);
  builder.add('mode', input.mode);
  builder.add('python', input.pythonVersion);
  // Only when set, so the hashes of existing venvs stay valid.
  if (input.systemSitePackages) builder.add('system-site-packages', 'true');
  for (const key of Object.keys(input.pipEnv).sort()) builder.add(`env:${key}`, input.pipEnv[key] ?? '');
  if (input.mode === 'requirements') {
    await addRequirementsFile(builder, join(input.sourceDir, 'requirements.txt'), new Set(), 0);
    await builder.addFile(join(input.sourceDir, 'pyproject.toml'));
  } else {
    await builder.addTree(input.sourceDir);
  }
  for (const dir of (input.pipEnv.PIP_FIND_LINKS ?? '').split(/\s+/).filter((d) => d !== '' && !/^[a-z]+:\/\//i.test(d))) {
    await builder.addTree(resolve(input.sourceDir, dir));
  }
  return { hash: builder.digest(), inputs: builder.inputs, cacheable: builder.cacheable };
}
