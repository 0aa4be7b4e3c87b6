// Builds static/build/ from frontend/ and node_modules: `npm run build`.
// Node built-ins plus the `sass` package only, so it runs anywhere Node 20 runs.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "build");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// No source map: ManifestStaticFilesStorage would try to hash a map file we do not ship.
const css = sass.compile(join(root, "frontend", "scss", "application.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  sourceMap: false,
  quietDeps: true,
});
if (css.css.includes("@font-face")) {
  throw new Error("application.css declares a web font; the service uses Arial only");
}
writeFileSync(join(out, "application.css"), css.css);

// The UMD bundle defines window.GOVUKFrontend; static/js/application.js calls its initAll().
// Its map is copied too, because collectstatic follows the sourceMappingURL comment.
for (const file of ["all.bundle.js", "all.bundle.js.map"]) {
  cpSync(join(govuk, file), join(out, file));
}

// htmx, for the few live parts (a generated document's status); only the pages that use it
// load it. The minified build has no source map comment for collectstatic to follow.
cpSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "htmx.min.js"));

// Images and the manifest the components' CSS may point at. No fonts: GDS Transport is for
// GOV.UK only.
cpSync(join(govuk, "assets"), join(out, "assets"), {
  recursive: true,
  filter: (source) => !relative(join(govuk, "assets"), source).startsWith("fonts"),
});

console.log(`Built ${relative(root, out)}/`);
