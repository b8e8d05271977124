import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Header as TarHeader, Pack } from 'tar-stream';

/** A build context ready for `POST /build`: the tar stream and the Dockerfile's name inside it. */
export interface BuildContext {
  tar: Readable;
  /** The Dockerfile's path inside the tar (the `dockerfile` query parameter). */
  dockerfile: string;
}

/**
 * The patterns that leave files out of the context: `<Dockerfile>.dockerignore` beside the
 * Dockerfile when there is one (BuildKit's rule), else the context's `.dockerignore`.
 */
export async function ignorePatterns(contextDir: string, dockerfilePath: string): Promise<string> {
  for (const file of [`${dockerfilePath}.dockerignore`, join(contextDir, '.dockerignore')]) {
    if (existsSync(file)) return readFile(file, 'utf8');
  }
  return '';
}

/**
 * The tar of `contextDir` as the docker client sends it: paths the ignore patterns match are left
 * out, owners are root, and `dockerfileText` is added under a random name. That name and
 * `.dockerignore` are appended to the tar's `.dockerignore`, so the daemon removes both from the
 * context after reading them (as the docker client does for a Dockerfile outside the context):
 * `COPY . .` never copies them.
 */
export async function buildContextTar(contextDir: string, dockerfileText: string, patterns: string): Promise<BuildContext> {
  // Loaded by builds only: with them, every import of this plugin (\`hop3 plugins\`, a deploy's
  // preflight) paid ~50 ms.
  const [{ pack }, dockerignore] = await Promise.all([import('tar-stream'), import('@balena/dockerignore')]);
  const dockerfile = `.hop3-dockerfile-${randomBytes(6).toString('hex')}`;
  const rules = patterns.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  // A CommonJS module: its factory is the namespace's default.
  const ignored = dockerignore.default().add(rules);
  const hasExceptions = rules.some((rule) => rule.startsWith('!'));
  const tar = pack();
  void (async () => {
    const contextIgnore = join(contextDir, '.dockerignore');
    const original = existsSync(contextIgnore) ? await readFile(contextIgnore, 'utf8') : '';
    await walk(tar, contextDir, '', (path, isDirectory) => {
      if (path === '.dockerignore') return false;
      if (!ignored.ignores(path)) return true;
      // An ignored directory may still hold a `!exception`: look inside it then (each path
      // below is matched with its parents, as docker does).
      return isDirectory && hasExceptions ? 'descend' : false;
    });
    await addFile(tar, { name: '.dockerignore', mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 }, Buffer.from(`${original}${original === '' || original.endsWith('\n') ? '' : '\n'}${dockerfile}\n.dockerignore\n`));
    await addFile(tar, { name: dockerfile, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 }, Buffer.from(dockerfileText));
    tar.finalize();
  })().catch((error: unknown) => tar.destroy(error as Error));
  return { tar: Readable.from(tar as AsyncIterable<Buffer>), dockerfile };
}

type Verdict = boolean | 'descend';

/** What an entry needs; tar-stream fills in the rest. */
type EntryHeader = Partial<TarHeader> & { name: string };

async function walk(tar: Pack, root: string, relative: string, include: (path: string, isDirectory: boolean) => Verdict): Promise<void> {
  const entries = (await readdir(join(root, relative), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    const full = join(root, path);
    const verdict = include(path, entry.isDirectory());
    if (verdict === false) continue;
    const stat = await lstat(full);
    const base: EntryHeader = { name: path, mode: stat.mode & 0o7777, mtime: stat.mtime, uid: 0, gid: 0 };
    if (stat.isDirectory()) {
      if (verdict === true) await addFile(tar, { ...base, type: 'directory' });
      await walk(tar, root, path, include);
    } else if (stat.isSymbolicLink()) {
      await addFile(tar, { ...base, type: 'symlink', linkname: await readlink(full) });
    } else if (stat.isFile()) {
      await addStream(tar, { ...base, type: 'file', size: stat.size }, full);
    }
    // sockets, fifos and devices have no place in an image
  }
}

function addFile(tar: Pack, header: EntryHeader, content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    tar.entry(header as TarHeader, content ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve()));
  });
}

async function addStream(tar: Pack, header: EntryHeader, path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const entry = tar.entry(header as TarHeader, (error) => (error ? reject(error) : resolve()));
    const source = createReadStream(path);
    source.on('error', (error) => {
      entry.destroy(error);
      reject(error);
    });
    source.on('data', (chunk) => {
      if (!entry.write(chunk)) {
        source.pause();
        entry.once('drain', () => source.resume());
      }
    });
    source.on('end', () => (entry as unknown as { end(): void }).end());
  });
}
