export { createLayout, resolveHop3Root, type Hop3Layout, type AppPaths, type RootResolutionInput } from './layout.js';
