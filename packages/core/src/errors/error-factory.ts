import { Hop3Error, type Hop3ErrorOptions } from './hop3-error.js';

/** What a package's error factory takes: a code of its union, never `badInput` (the code decides). */
export type ErrorFactoryOptions<C extends string> = Omit<Hop3ErrorOptions<C>, 'badInput'>;

/** A package's error factory (see {@link errorFactory}). */
export type ErrorFactory<C extends string> = (options: ErrorFactoryOptions<C>) => Hop3Error;

/**
 * The one way a package builds its errors: `code` must come from the package's code union, and
 * whether an error is the user's bad input is said once per code (`input`), not at each throw.
 *
 * ```ts
 * export const nginxError = errorFactory<NginxErrorCode>({ input: [NginxErrorCodes.invalidSetting] });
 * throw nginxError({ code: NginxErrorCodes.invalidSetting, message: '...', details: { setting } });
 * ```
 */
export function errorFactory<C extends string>(options: { input?: readonly C[] } = {}): ErrorFactory<C> {
  const input: ReadonlySet<string> = new Set(options.input ?? []);
  // Codes outside `input` keep Hop3Error's default (core's shared input codes stay input).
  return (error) => new Hop3Error(input.has(error.code) ? { ...error, badInput: true } : error);
}
