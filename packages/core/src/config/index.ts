/** App configuration: Procfile + hop3.toml → {@link AppConfig}. */
export { parseProcfile, type ProcfileResult, type ParseOptions } from './procfile.js';
export { parseHop3Toml, type Hop3TomlConfig, type Hop3TomlResult } from './hop3-toml.js';
export { mergeAppConfig, type MergeInput } from './merge.js';
export { loadAppConfig, appConfigFromTexts, PROCFILE_LOCATIONS, HOP3_TOML_LOCATIONS, type ConfigText } from './load.js';
export { formatProblem, invalidConfigError, type ConfigProblem } from './problems.js';
export {
  isCronKind,
  parseCronSpec,
  toUwsgiCron,
  uwsgiCronSchedule,
  CRON_FIELDS,
  type CronField,
  type CronSpec,
  type CronParseResult,
} from './cron.js';
export { WEB_KINDS, KIND_PATTERN, isBuildHookKind, isWebKind } from './kinds.js';
export { ENV_KEY_PATTERN, checkEnvValue } from './hop3-toml-schema.js';
