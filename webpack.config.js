// Builds the task pane (React + Fluent UI v9) and the sign-in dialog page into dist/addin/, served by the backend at /addin/,
// and the admin console (React + Fluent UI v9, its own bundle) into dist/console/, served at /admin/console/.
// ts-loader uses addin/tsconfig.json: ES modules let webpack tree-shake Fluent (CommonJS made a 17 MiB bundle).
const path = require('node:path');
const fs = require('node:fs');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { sources } = require('webpack');

/** Office.js comes from Microsoft's CDN in production; the simulator serves a stand-in at the same URL. */
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** Emits the committed icons as assets/<name>.png (no copy plugin dependency for a handful of files). */
class CopyAssetsPlugin {
  constructor(dir) {
    this.dir = dir;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyAssetsPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyAssetsPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const name of fs.readdirSync(this.dir).filter((f) => f.endsWith('.png'))) {
            const file = path.join(this.dir, name);
            compilation.fileDependencies.add(file);
            compilation.emitAsset(`assets/${name}`, new sources.RawSource(fs.readFileSync(file)));
          }
        },
      );
    });
  }
}

/** ts-loader, types left to `npm run typecheck` (the build only transpiles: several times faster). */
const typescript = (configFile) => ({
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: { loader: 'ts-loader', options: { configFile: path.resolve(__dirname, configFile), transpileOnly: true } },
});

/** The admin console: one page, one bundle, no Office.js. */
const consoleBuild = (argv) => ({
  name: 'console',
  mode: argv.mode ?? 'production',
  devtool: argv.mode === 'development' ? 'source-map' : false,
  entry: { console: './console/index.tsx' },
  output: { path: path.resolve(__dirname, 'dist/console'), filename: '[name].[contenthash:8].js', clean: true },
  resolve: { extensions: ['.tsx', '.ts', '.js'] },
  module: { rules: [typescript('console/tsconfig.json')] },
  plugins: [new HtmlWebpackPlugin({ filename: 'index.html', template: './console/index.html', chunks: ['console'] })],
  performance: { hints: false },
});

module.exports = (_env, argv) => [paneBuild(argv), consoleBuild(argv)];

const paneBuild = (argv) => ({
  name: 'addin',
  mode: argv.mode ?? 'production',
  devtool: argv.mode === 'development' ? 'source-map' : false,
  entry: {
    taskpane: './addin/taskpane/index.tsx',
    'auth-dialog': './addin/auth-dialog/index.ts',
    commands: './addin/commands/index.ts',
  },
  output: {
    path: path.resolve(__dirname, 'dist/addin'),
    filename: '[name].[contenthash:8].js',
    clean: true,
  },
  resolve: { extensions: ['.tsx', '.ts', '.js'] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        // Types are checked by `npm run typecheck`; the build only transpiles (several times faster).
        use: {
          loader: 'ts-loader',
          options: { configFile: path.resolve(__dirname, 'addin/tsconfig.json'), transpileOnly: true },
        },
      },
    ],
  },
  plugins: [
    new HtmlWebpackPlugin({
      filename: 'taskpane.html',
      template: './addin/taskpane/taskpane.html',
      chunks: ['taskpane'],
      templateParameters: { officeJs: OFFICE_JS },
    }),
    new HtmlWebpackPlugin({
      filename: 'auth-dialog.html',
      template: './addin/auth-dialog/auth-dialog.html',
      chunks: ['auth-dialog'],
      templateParameters: { officeJs: OFFICE_JS },
    }),
    new CopyAssetsPlugin(path.resolve(__dirname, 'addin/assets')),
    new HtmlWebpackPlugin({ filename: 'support.html', template: './addin/support.html', chunks: [] }),
    new HtmlWebpackPlugin({
      filename: 'commands.html',
      template: './addin/commands/commands.html',
      chunks: ['commands'],
      templateParameters: { officeJs: OFFICE_JS },
    }),
  ],
  performance: { hints: false },
});
