import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { DebianOS } from './debian-os.js';
import { displayNameOf, isDebianFamily, parseOsRelease } from './os-release.js';
import { recordingLogger } from '@hop3/testkit';

const fixture = (name: string) => fileURLToPath(new URL(`./test-fixtures/${name}`, import.meta.url));

function strategy(osReleasePath: string | undefined, env: Record<string, string> = {}) {
  const runtime = { layout: createLayout('/tmp/hop3-os-release-test'), env, log: recordingLogger() };
  return new DebianOS(runtime, osReleasePath === undefined ? {} : { osReleasePath });
}

describe('parseOsRelease', () => {
  it('reads unquoted, double- and single-quoted values', () => {
    expect(parseOsRelease('ID=debian\nNAME="Debian GNU/Linux"\nVARIANT=\'Server Edition\'\n')).toEqual({
      ID: 'debian',
      NAME: 'Debian GNU/Linux',
      VARIANT: 'Server Edition',
    });
  });

  it('skips comments, blank lines and lines without "="', () => {
    expect(parseOsRelease('# a comment\n\n   \nJUSTTEXT\n  # indented comment\nID=ubuntu\n')).toEqual({ ID: 'ubuntu' });
  });

  it('applies shell backslash escapes', () => {
    const parsed = parseOsRelease(
      ['A="say \\"hi\\" for \\$5 and \\`x\\` \\\\ done"', 'B="keep \\n as is"', "C='no \\\" escapes here'", 'D=one\\ word'].join('\n'),
    );
    expect(parsed.A).toBe('say "hi" for $5 and `x` \\ done');
    expect(parsed.B).toBe('keep \\n as is');
    expect(parsed.C).toBe('no \\" escapes here');
    expect(parsed.D).toBe('one word');
  });

  it('ignores invalid keys and unterminated quotes, keeping the rest', () => {
    expect(parseOsRelease('1BAD=x\nBAD KEY=y\nOPEN="never closed\n=novalue\nID=debian\r\nEMPTY=\n')).toEqual({
      ID: 'debian',
      EMPTY: '',
    });
  });

  it('keeps "=" inside values and the last duplicate', () => {
    expect(parseOsRelease('X="a=b"\nID=first\nID=second')).toEqual({ X: 'a=b', ID: 'second' });
  });
});

describe('isDebianFamily / displayNameOf', () => {
  it('matches ID_LIKE entries as words, not substrings', () => {
    expect(isDebianFamily({ ID: 'x', ID_LIKE: 'ubuntu debian' })).toBe(true);
    expect(isDebianFamily({ ID: 'x', ID_LIKE: 'notdebian debianish' })).toBe(false);
    expect(isDebianFamily({})).toBe(false);
  });

  it('falls back to "ID VERSION_ID", then ID', () => {
    expect(displayNameOf({ ID: 'debian', VERSION_ID: '12' })).toBe('debian 12');
    expect(displayNameOf({ ID: 'debian' })).toBe('debian');
    expect(displayNameOf({})).toBeUndefined();
  });
});

describe('DebianOS.detect() on os-release fixtures', () => {
  it.each([
    ['debian-11', 'Debian GNU/Linux 11 (bullseye)'],
    ['debian-12', 'Debian GNU/Linux 12 (bookworm)'],
    ['debian-13', 'Debian GNU/Linux 13 (trixie)'],
    ['ubuntu-22.04', 'Ubuntu 22.04.4 LTS'],
    ['ubuntu-24.04', 'Ubuntu 24.04.1 LTS'],
    ['linuxmint-21.3', 'Linux Mint 21.3'],
    ['pop-22.04', 'Pop!_OS 22.04 LTS'],
    ['devuan-no-pretty', 'devuan 5'],
  ])('accepts %s as "%s"', async (name, displayName) => {
    const os = strategy(fixture(name));
    expect(await os.detect()).toBe(true);
    expect(os.displayName).toBe(displayName);
  });

  it.each(['fedora-40', 'alpine-3.20', 'arch'])('declines %s', async (name) => {
    const os = strategy(fixture(name));
    expect(await os.detect()).toBe(false);
    expect(os.osInfo?.id).toBe(name.split('-')[0]);
  });

  it.each([
    ['an empty file', 'empty'],
    ['text garbage', 'garbage.txt'],
    ['binary garbage (even with an ID=debian line)', 'garbage.bin'],
    ['a missing file', 'does-not-exist'],
    ['a directory', '.'],
  ])('returns false, without throwing, for %s', async (_what, name) => {
    const os = strategy(fixture(name));
    await expect(os.detect()).resolves.toBe(false);
    expect(os.displayName).toBe('Debian family');
  });

  it('returns false for a device that never ends (size cap)', async () => {
    await expect(strategy('/dev/zero').detect()).resolves.toBe(false);
  });

  it('honours HOP3_OS_RELEASE, and the constructor option over it', async () => {
    const fromEnv = strategy(undefined, { HOP3_OS_RELEASE: fixture('fedora-40') });
    expect(await fromEnv.detect()).toBe(false);
    expect(fromEnv.osInfo?.osReleasePath).toBe(fixture('fedora-40'));
    const runtime = { layout: createLayout('/tmp/x'), env: { HOP3_OS_RELEASE: fixture('fedora-40') }, log: recordingLogger() };
    expect(await new DebianOS(runtime, { osReleasePath: fixture('ubuntu-24.04') }).detect()).toBe(true);
  });
});
