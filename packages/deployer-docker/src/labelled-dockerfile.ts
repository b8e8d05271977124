/**
 * The app's Dockerfile text with Hop3's labels appended as ONE `LABEL` instruction.
 * Why: the classic builder turns each `labels` entry of a build into its own step, each a
 * container commit (~0.35 s apiece here), and none of them can come from the cache once the
 * release changes. One instruction at the very end keeps every earlier layer cacheable and
 * costs one step.
 */
export function labelledDockerfileText(text: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${JSON.stringify(key)}=${JSON.stringify(value)}`).join(' ');
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}LABEL ${pairs}\n`;
}
