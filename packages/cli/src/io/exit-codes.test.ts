import { Abort, ErrorCodes, Hop3Error } from '@hop3/core';
import { EngineErrorCodes } from '@hop3/engine';
import { KitErrorCodes } from '@hop3/kit';
import { UwsgiErrorCodes } from 'hop3-plugin-deployer-uwsgi';
import { describe, expect, it } from 'vitest';
import { cliError, CliErrorCodes } from '../errors.js';
import { exitCodeFor } from './exit-codes.js';
import { UsageError } from './usage-error.js';

describe('exitCodeFor', () => {
  it('is 2 for bad usage or input, whatever the error class', () => {
    expect(exitCodeFor(new UsageError('missing <app>'))).toBe(2);
    expect(exitCodeFor(new Hop3Error({ code: ErrorCodes.invalidConfig, message: 'bad hop3.toml' }))).toBe(2);
    expect(exitCodeFor(cliError({ code: CliErrorCodes.notConfirmed, message: 'confirm with --yes' }))).toBe(2);
    expect(exitCodeFor(new Abort('confirm with --yes', { exitCode: 2 }))).toBe(2);
  });

  it("is 2 for a plugin's bad-input code, which the CLI does not list (hop3 scale app web=0)", () => {
    const error = new Hop3Error({ code: UwsgiErrorCodes.invalidScale, message: 'web=0: use hop3 stop', badInput: true });
    expect(exitCodeFor(error)).toBe(2);
  });

  it('is 130 for an operation the user interrupted (Ctrl-C), as shells report it', () => {
    expect(exitCodeFor(new Hop3Error({ code: EngineErrorCodes.interrupted, message: 'interrupted' }))).toBe(130);
  });

  it("is 1 for every other failure, and never passes on a command's own exit status", () => {
    expect(exitCodeFor(new Error('bug'))).toBe(1);
    expect(exitCodeFor(new Hop3Error({ code: KitErrorCodes.timeout, message: 'slow' }))).toBe(1);
    expect(exitCodeFor(new Abort('hook failed', { code: EngineErrorCodes.buildHookFailed, exitCode: 127 }))).toBe(1);
  });
});
