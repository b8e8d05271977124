// Uses the attached services' variables directly (no deploy needed): prints the counts twice
// as JSON, so a test can see both writes land in PostgreSQL and Redis.
import { recordVisit } from './services.js';

const first = await recordVisit('/check');
const second = await recordVisit('/check');
console.log(JSON.stringify({ first, second }));
