import { existsSync, readFileSync } from 'node:fs';
import { describeOS } from '@hop3/testkit';
import plugin from './index.js';

/** Debian and its derivatives (what the CI machine runs). */
const isDebianFamily = existsSync('/etc/os-release') && /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));

// The OS protocol's conformance suite from @hop3/testkit, on this machine.
describeOS({ plugin, strategy: 'debian', detectsThisMachine: isDebianFamily });
