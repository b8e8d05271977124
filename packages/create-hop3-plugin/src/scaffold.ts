import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { resolveOptions, type ScaffoldOptions } from './options.js';
import { namesOf } from './templates/names.js';
import { CHANGESET_CONFIG, CHANGESET_README, GITIGNORE, TSCONFIG, license, packageJson } from './templates/package-files.js';
import { readmeSource } from './templates/readme.js';
import { addonSource, artifactSource, builderSource, deployerSource, errorsSource, indexSource, jsonFileSource, testSource } from './templates/sources.js';

/** Every file of the new package: relative path → content. */
export function renderFiles(options: ScaffoldOptions): Record<string, string> {
  const names = namesOf(options);
  const { kinds } = options;
  const files: Record<string, string> = {
    'package.json': packageJson(options),
    'tsconfig.json': TSCONFIG,
    '.gitignore': GITIGNORE,
    LICENSE: license(options),
    'README.md': readmeSource(names, kinds),
    '.changeset/config.json': CHANGESET_CONFIG,
    '.changeset/README.md': CHANGESET_README,
    'src/index.ts': indexSource(names, kinds),
    'src/errors.ts': errorsSource(names, kinds),
    'test/conformance.test.ts': testSource(names, kinds),
  };
  if (kinds.includes('builder') || kinds.includes('deployer')) files['src/artifact.ts'] = artifactSource();
  if (kinds.includes('builder')) files['src/builder.ts'] = builderSource(names);
  if (kinds.includes('deployer')) files['src/deployer.ts'] = deployerSource(names);
  if (kinds.includes('addon')) files['src/addon.ts'] = addonSource(names);
  if (kinds.includes('deployer') || kinds.includes('addon')) files['src/json-file.ts'] = jsonFileSource();
  return files;
}

/**
 * Write the package. The files go into a hidden sibling directory first, renamed into place
 * at the end, so a failure leaves no half-written package behind.
 */
export async function scaffold(options: ScaffoldOptions): Promise<{ directory: string; files: string[] }> {
  // Checked again: the directory may have been filled since the options were resolved (prompts).
  const checked = resolveOptions({ directory: options.directory, name: options.packageName, strategy: options.strategy, kinds: options.kinds }, '/');
  const files = renderFiles(checked);
  const parent = dirname(checked.directory);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(checked.directory)}.creating-`));
  try {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), content);
    }
    // mkdtemp makes the staging dir 0700: the package gets a directory's usual mode.
    await chmod(staging, 0o777 & ~process.umask());
    if (existsSync(checked.directory)) await rmdir(checked.directory); // empty: checked above
    await rename(staging, checked.directory);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { directory: checked.directory, files: Object.keys(files).sort() };
}
