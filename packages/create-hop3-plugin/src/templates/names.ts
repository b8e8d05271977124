import type { ScaffoldOptions } from '../options.js';

/** The identifiers a scaffold's sources use, derived from the strategy name (`static-site`). */
export interface Names {
  /** `StaticSite` (class names). */
  pascal: string;
  /** `staticSite` (variables). */
  camel: string;
  /** `STATIC_SITE` (env variables, error code prefix). */
  upper: string;
  strategy: string;
  packageName: string;
}

export function namesOf(options: ScaffoldOptions): Names {
  const words = options.strategy.split('-').filter(Boolean);
  const pascal = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return {
    pascal,
    camel: pascal[0]!.toLowerCase() + pascal.slice(1),
    upper: words.join('_').toUpperCase(),
    strategy: options.strategy,
    packageName: options.packageName,
  };
}
