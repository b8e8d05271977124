import type { StrategyRuntime } from '../protocols/common.js';
import type { Proxy, ProxyTarget } from '../protocols/proxy.js';
import type { PluginManager } from '../plugins/plugin-manager.js';
import { strategyByName } from './attempt.js';

export const DEFAULT_PROXY = 'nginx';

/** The proxy named by the host's setting (one proxy type per server; default `nginx`). */
export async function createProxy(
  manager: PluginManager,
  name: string | undefined,
  target: ProxyTarget,
  runtime: StrategyRuntime,
): Promise<Proxy> {
  const proxyName = name || DEFAULT_PROXY;
  const strategy = await strategyByName(manager, 'proxy', proxyName, `The proxy is chosen by the host's proxy setting (HOP3_PROXY in the hop3 CLI; default "${DEFAULT_PROXY}").`);
  return strategy.create(target, runtime);
}
