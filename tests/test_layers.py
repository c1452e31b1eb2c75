"""Layers only look down: ingest <- index <- app <- evals. Every import of every module, at any
depth of the code, is checked against the layers it may use."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAY_IMPORT = {
    "ingest": set(),
    "index": {"ingest"},
    "app": {"index", "ingest"},
    "evals": {"app", "index", "ingest"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(MAY_IMPORT)


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_each_layer_imports_only_the_layers_below(layer: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(used - MAY_IMPORT[layer] - {layer})
        for path in sorted((ROOT / layer).rglob("*.py"))
        if (used := _imported_packages(path)) - MAY_IMPORT[layer] - {layer}
    }
    assert not wrong, f"imports from a layer above: {wrong}"


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from app.settings import Settings\n    import evals.runner\n")
    assert _imported_packages(module) == {"app", "evals"}


def test_the_answering_process_never_loads_the_pdf_parser() -> None:
    """Files are parsed in the parsing process: the server, the API and the chat do not import
    PyMuPDF and its layout model (about 130 MB and 0.6 s), and the parsing process can set the
    layout model up before it loads (`ingest.worker.one_layout_thread`)."""
    import subprocess
    import sys

    code = (
        "import sys, app.server, app.ui, app.cli, app.intake, app.uploads\n"
        "print(sorted(m for m in ('pymupdf', 'onnxruntime') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]", run.stdout + run.stderr
