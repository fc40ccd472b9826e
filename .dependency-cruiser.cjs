/**
 * The dependency rule (ARCHITECTURE.md "Dependencies"), checked by src/architecture.test.ts
 * (in `npm test`); `npx depcruise --config .dependency-cruiser.cjs --output-type err src seeds`
 * prints what breaks it:
 * - no import cycle between files (type-only imports count);
 * - `core` knows no module and not the root wiring (app, main, schema, entities, the entry
 *   points in src/cli/, seeds);
 * - modules import only modules on a lower layer of MODULE_LAYERS (one layer may not import
 *   another module of the same layer);
 * There are no exceptions: src/architecture.test.ts fails on any violation.
 */
const MODULE_LAYERS = [
  ['ministry', 'municipality', 'indicators', 'seal'],
  ['access', 'history'],
  ['project', 'pilot'],
  ['tender', 'policy'],
  ['evaluation', 'tables'],
  ['import', 'export'],
  ['ocds'],
  ['red-flags'],
  ['stats'],
  ['notifications'],
];

const layerRules = MODULE_LAYERS.flatMap((layer, i) =>
  layer.map((module) => {
    const notBelow = MODULE_LAYERS.slice(i)
      .flat()
      .filter((m) => m !== module);
    return {
      name: `module-layers:${module}`,
      comment: `${module} (layer ${i + 1}) may import only modules of lower layers`,
      severity: 'error',
      from: { path: `^src/modules/${module}/` },
      to: { path: `^src/modules/(${notBelow.join('|')})/` },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'files import each other, directly or round a loop',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-knows-no-module',
      comment: 'core holds what every module uses and no domain rule: it never imports a module or the root wiring',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/modules/|src/cli/|src/[^/]+\\.ts$|seeds/)' },
    },
    {
      name: 'not-the-root',
      comment: 'modules do not import the root wiring (app, main, schema, entities, src/cli/)',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(cli/|[^/]+\\.ts$)' },
    },
    ...layerRules,
    {
      name: 'no-unknown-module',
      comment: 'every module folder has a layer in .dependency-cruiser.cjs (MODULE_LAYERS)',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/modules/', pathNot: `^src/modules/(${MODULE_LAYERS.flat().join('|')})/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|\\.test\\.ts$|^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a cycle of types is a cycle of the design all the same.
    tsPreCompilationDeps: true,
  },
};
