"""How HermiT's JVM starts: the quick compiler, and a class-data archive made at set-up.

HermiT's run over the chapter is short (about a second of CPU), and a good part of it is
the JVM loading and verifying HermiT's and the OWL API's classes. ``make setup`` runs
``python -m kg.owl.jvm``, which writes to a cache folder (``TKG_JVM_CACHE``, by default
``~/.cache/tkg/hermit``) a jar of owlready2's patched HermiT classes (a class-data archive
takes jars only, and owlready2 puts a folder of them before ``HermiT.jar``) and an AppCDS
archive of the classes one HermiT run loads (``-XX:ArchiveClassesAtExit``), which each run
then maps (``-XX:SharedArchiveFile``). Both are named by a digest of owlready2's HermiT
files, so another owlready2 finds none; without them, or with an archive the JVM refuses
(another Java), HermiT runs on plain java, as before, and the JVM's warning is silenced.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

__all__ = [
    "JVM_OPTIONS",
    "hermit_classpath",
    "java_executable",
    "launcher",
    "main",
    "make_archive",
]

#: The JVM options of a short run: the C1 compiler alone (C2's warm-up cost more than it
#: saved, about a third of the CPU time) and the serial collector.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
#: A stale archive (another Java) is ignored with a warning on standard output, which
#: owlready2 reads: keep it quiet.
_QUIET_CDS = ("-Xlog:cds=off", "-Xlog:cds+dynamic=off")
_MAIN = "org.semanticweb.HermiT.cli.CommandLine"


def java_executable() -> str | None:
    """The ``java`` to run HermiT with, or None."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _hermit_folder() -> Path:
    import owlready2

    return Path(owlready2.__file__).parent / "hermit"


def _cache() -> Path:
    return Path(os.environ.get("TKG_JVM_CACHE") or Path.home() / ".cache" / "tkg" / "hermit")


def _patched(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "org").rglob("*.class"))


def _digest(folder: Path) -> str:
    """owlready2's HermiT: its patched classes by content, its jar by size and time."""
    h = hashlib.sha256()
    for path in _patched(folder):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    jar = (folder / "HermiT.jar").stat()
    h.update(f"{jar.st_size} {jar.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def _paths(folder: Path) -> tuple[Path, Path]:
    """The patched classes' jar and the archive, for this owlready2."""
    name = f"hermit-{_digest(folder)}"
    return _cache() / f"{name}.jar", _cache() / f"{name}.jsa"


def hermit_classpath() -> tuple[str, Path] | None:
    """The class path to run HermiT with and the archive to map, when set-up made them."""
    folder = _hermit_folder()
    try:
        jar, archive = _paths(folder)
    except OSError:
        return None
    if not (jar.is_file() and archive.is_file()):
        return None
    return os.pathsep.join([str(jar), str(folder / "HermiT.jar")]), archive


def launcher(java: str, folder: Path, archive: Path | None = None) -> str:
    """A launcher in ``folder`` that runs ``java`` with :data:`JVM_OPTIONS` (and
    ``archive``): owlready2 builds HermiT's command line itself, from the one path it is
    given."""
    options = list(JVM_OPTIONS)
    if archive is not None:
        options += [*_QUIET_CDS, f"-XX:SharedArchiveFile={archive}"]
    path = folder / "java"
    quoted = " ".join(f"'{option}'" for option in options)
    path.write_text(f'#!/bin/sh\nexec "{java}" {quoted} "$@"\n', encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def make_archive(java: str) -> Path:
    """Write the patched classes' jar and the archive of one HermiT run over the ontology
    (replacing any, atomically); return the archive."""
    import owlready2.reasoning
    import pyoxigraph as ox

    from kg.resources import ontology_file

    folder = _hermit_folder()
    jar, archive = _paths(folder)
    jar.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tkg-jvm-", dir=jar.parent) as tmp:
        staged = Path(tmp) / jar.name
        with zipfile.ZipFile(staged, "w") as bundle:
            for path in _patched(folder):
                bundle.write(path, str(path.relative_to(folder)))
        os.replace(staged, jar)  # the archive records the jar's time: the jar first
        source = Path(tmp) / "ontology.nt"
        triples = ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
        source.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        dumped = Path(tmp) / archive.name
        classpath = os.pathsep.join([str(jar), str(folder / "HermiT.jar")])
        memory = f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M"
        command = [java, *JVM_OPTIONS, f"-XX:ArchiveClassesAtExit={dumped}", memory]
        command += ["-cp", classpath, _MAIN, "-c", "-O", "-D", "-I", source.as_uri(), "-Y"]
        subprocess.run(command, check=True, capture_output=True)
        if not dumped.is_file():
            raise RuntimeError("the JVM wrote no class-data archive")
        os.replace(dumped, archive)
    return archive


def main() -> int:
    """``python -m kg.owl.jvm``: make the archive unless made (set-up); never fails it."""
    java = java_executable()
    if java is None:
        print("no Java runtime: no class-data archive for HermiT")
        return 0
    made = hermit_classpath()
    if made is not None:
        print(f"HermiT's class-data archive: {made[1]} (made before)")
        return 0
    try:
        archive = make_archive(java)
    except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"no class-data archive for HermiT ({exc}); it runs on plain java")
        return 0
    print(f"HermiT's class-data archive: {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
