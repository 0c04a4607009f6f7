// `node --import ./src/typescript-loader.mjs src/main.ts`: Node ≥ 22.18 runs our TypeScript
// itself (type stripping, no loader in memory); older Node gets tsx's loader, in the same process.
if (!process.features.typescript) {
  const { register } = await import("tsx/esm/api");
  register();
}
