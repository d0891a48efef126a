"""Copy the world map's geometry from the npm package world-atlas into the package, with its provenance.

The map must work offline and is never downloaded at run time: the geometry
(Natural Earth 1:110m country outlines as TopoJSON, public domain, packed by
world-atlas, ISC licence) is taken from the npm registry package pinned in
package.json / package-lock.json (`npm ci` installs it into node_modules) and
copied into src/multivector/charts/geo/ with a provenance file naming the
package, its version, the registry's integrity hash and the file's sha256.
tests/test_map.py checks the copy against node_modules when it is there.

Run: `npm ci && python scripts/vendor_map.py`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "node_modules" / "world-atlas"
FILE = "countries-110m.json"
TARGET = ROOT / "src" / "multivector" / "charts" / "geo"


def main() -> None:
    pkg = json.loads((SOURCE / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/world-atlas"]
    if pkg["version"] != lock["version"]:
        raise SystemExit(f"node_modules has world-atlas {pkg['version']}, the lock file {lock['version']}: run npm ci")
    TARGET.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE / FILE, TARGET / FILE)
    shutil.copyfile(SOURCE / "LICENSE", TARGET / "LICENSE-world-atlas")
    meta = {
        "package": "world-atlas", "registry": "npm", "version": pkg["version"], "integrity": lock["integrity"],
        "file": FILE, "sha256": hashlib.sha256((TARGET / FILE).read_bytes()).hexdigest(),
        "licence": "world-atlas: ISC; geometry: Natural Earth, public domain",
        "citation": "Natural Earth, 1:110m Cultural Vectors, Admin 0 - Countries (naturalearthdata.com), "
                    "as TopoJSON by Mike Bostock's world-atlas " + pkg["version"],
    }
    (TARGET / "source.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"copied {FILE} from world-atlas {pkg['version']} ({meta['sha256'][:16]}...)")


if __name__ == "__main__":
    main()
