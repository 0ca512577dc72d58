// Prints the Node.js that npm scripts run on (the project's own Node 24, from the `node`
// devDependency, whatever the machine's node is) and refuses one older than 22.12.
const [major, minor] = process.versions.node.split('.').map(Number);
console.log(`npm scripts run on node ${process.version} (${process.execPath})`);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Node ${process.version} is too old: this project runs on Node 24 (22.12+ supported). Run \`npm ci\` (it installs Node 24 for the npm scripts) or install Node 24.`,
  );
  process.exit(1);
}
