"""Hatch build hook that compiles the Qt translations into the wheel.

The `.qm` files are build output and are not committed; the wheel gets them from
`pyside6-lrelease`, which the build environment has because PySide6-Essentials is a
build requirement.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def find_lrelease() -> list[str]:
    """Return the command that runs Qt's lrelease in this environment."""
    script = shutil.which("pyside6-lrelease")
    if script:
        return [script]
    return [sys.executable, "-m", "PySide6.scripts.pyside_tool", "lrelease"]


class TranslationsBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        sources = sorted(Path(self.root, "resources", "translations").glob("*.ts"))
        if not sources:
            return
        out_dir = Path(tempfile.mkdtemp(prefix="etc-console-qm-"))
        self._out_dir = out_dir
        for source in sources:
            target = out_dir / (source.stem + ".qm")
            subprocess.run([*find_lrelease(), str(source), "-qm", str(target)], check=True)
            build_data["force_include"][str(target)] = (
                f"etc_console/_resources/translations/{target.name}"
            )

    def finalize(self, version, build_data, artifact_path):
        """Remove the compiled .qm files once they are inside the wheel."""
        out_dir = getattr(self, "_out_dir", None)
        if out_dir is not None:
            shutil.rmtree(out_dir, ignore_errors=True)
