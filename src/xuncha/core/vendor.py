"""Fetch the front-end files we use but do not commit (STACK.md: ECharts is fetched at build
time). `python -m xuncha.core.vendor` takes the pinned npm package with the machine's npm,
checks the file against its pinned SHA-256 and puts it among the static files. Without npm the
pages still work: charts fall back to their tables."""

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

STATIC = Path(__file__).parent / "static" / "xuncha"
# (npm package@version, file inside the package, where it goes, its SHA-256)
FILES = [
    ("echarts@5.6.0", "package/dist/echarts.min.js", STATIC / "echarts.min.js",
     "bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1"),
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(spec: str, member: str, target: Path, digest: str) -> str:
    if target.is_file() and _sha256(target) == digest:
        return "present"
    npm = shutil.which("npm")
    if npm is None:
        return "skipped (no npm: charts show as tables)"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(  # noqa: S603 — a fixed command, the pinned spec of this module
            [npm, "pack", spec, "--silent", "--pack-destination", tmp],
            check=True, capture_output=True, timeout=300,
        )
        archive = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            data = tar.extractfile(member).read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise SystemExit(f"{spec}: {member} does not match its pinned SHA-256; refusing it")
    target.write_bytes(data)
    return "fetched"


def main() -> None:
    for spec, member, target, digest in FILES:
        print(f"{spec}: {fetch(spec, member, target, digest)}", file=sys.stderr)


if __name__ == "__main__":
    main()
