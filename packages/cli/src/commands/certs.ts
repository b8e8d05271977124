import type { CertificateEntry, CertificateRenewal } from '@hop3/engine';
import type { ProxyCertificate } from '@hop3/core';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson, table } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

const USAGE = 'hop3 certs <app> | certs issue <app> | certs renew [<app> | --all] [--force]  [--json]';

/** The lines `hop3 certs <app>` and `hop3 status <app>` print about a certificate. */
export function certificateLines(certificate: ProxyCertificate): string[] {
  if (certificate.source === 'none') return ['certificate: none'];
  const lines = [
    `certificate: ${certificate.source}${certificate.managed ? ' (renewed automatically)' : ''}`,
    `  names: ${certificate.names.join(', ') || '-'}`,
    `  issuer: ${certificate.issuer ?? '-'}`,
    `  expires: ${certificate.notAfter ?? '-'}`,
  ];
  const last = certificate.lastAttempt;
  if (last !== null) {
    lines.push(`  last ${last.action}: ${last.at} ${last.ok ? 'ok' : 'FAILED'}`);
    if (!last.ok && last.error !== undefined) lines.push(...last.error.split('\n').map((line) => `    ${line}`));
  }
  return lines;
}

function renewalRow(entry: CertificateRenewal): string[] {
  return [entry.app, entry.error ? 'FAILED' : entry.renewed ? 'renewed' : 'kept', entry.certificate?.notAfter ?? '-', entry.error?.message.split('\n')[0] ?? entry.reason];
}

export const certsCommand: Command = {
  summary: "TLS certificates: show an app's (issuer, names, expiry, source, last renewal error), issue one from the ACME server, renew what expires within 30 days.",
  usage: USAGE,
  async run(args, io) {
    const [first, ...rest] = args;
    const sub = first === 'issue' || first === 'renew' ? first : 'show';
    const { values, positionals } = parseCommandArgs(
      sub === 'show' ? args : rest,
      { all: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
      ['app'],
    );
    const json = values.json === true;
    if (sub !== 'renew' && (values.all || values.force)) throw new UsageError(`--all and --force go with "certs renew" (usage: ${USAGE})`);
    const engine = await openEngine(io, { json });

    if (sub === 'show') {
      const entry: CertificateEntry = await engine.certs.show({ app: requirePositional(positionals, 0, 'app') });
      if (json) printJson(io, entry);
      else io.stdout(`${entry.app}\n${certificateLines(entry).join('\n')}\n`);
      return 0;
    }
    if (sub === 'issue') {
      const app = requirePositional(positionals, 0, 'app');
      const result = await engine.certs.issue({ app });
      if (json) printJson(io, result);
      else io.stdout(`${app}: certificate issued\n${certificateLines(result.certificate).join('\n')}\n`);
      return 0;
    }
    const app = positionals[0];
    if ((app === undefined) === !values.all) throw new UsageError(`name one app or give --all (usage: ${USAGE})`);
    const result = await engine.certs.renew({ ...(app === undefined ? {} : { app }), force: values.force === true });
    if (json) printJson(io, result);
    else if (result.renewals.length === 0) io.stdout('No app has an ACME certificate (issue one with "hop3 certs issue <app>", or set [tls] acme = true).\n');
    else io.stdout(table([['APP', 'RESULT', 'EXPIRES', 'WHY'], ...result.renewals.map(renewalRow)]));
    return 0;
  },
};
