"""The notebooks run top to bottom on the bundled graph, in a fresh kernel, and show their answers.

Each notebook is executed with nbclient in a temporary folder (so nothing is written in the
repository) on the ``python3`` kernel that ipykernel installs into this environment. The five
run at once, each in its own kernel: that halves the wait on a two-core machine.
"""

import asyncio
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# what each notebook must show: text in its outputs, and how many figures at least
KEY_OUTPUTS = {
    "01-quickstart.ipynb": (0, [
        "article on magnesium and vitamin B12</a>",  # the graph's sources
        "'pins and needles'   -> 'paresthesia'",
        '>ngk:vitamin-b12</a></td><td style="text-align:left">methylcobalamin</td>',
        "UniProtKB Q99707 (human MTR, methionine synthase)",  # the disputing source
        "ASK: <strong>yes</strong>",
    ]),
    "02-how-magnesium-links-to-b12.ipynb": (2, [
        "Routes through primary and curated sources",
        "DISPUTED by UniProtKB Q99707",
        "magnesium -part of-> Mg-ATP -input of-> cob(I)alamin adenosylation",
        "methionine adenosyltransferase 1A",
    ]),
    "03-symptoms-and-differential.ipynb": (2, [
        "Shared by magnesium and vitamin B12",
        "Hypomagnesemia 1, intestinal",  # an inherited disorder beside the article's table
        "Rare genetic conditions (inherited disorders, ranked apart)",
        "'skipped heart beat'   -> palpitations    HP:0001962",
        "vitamin B12 deficiency (nutrient: vitamin B12)  score 0.750",
        "magnesium deficiency (nutrient: magnesium)  score 0.625",
        "a kind of arrhythmia in HPO",
    ]),
    "04-foods-and-supplements.ipynb": (3, [
        "Spinach, cooked, boiled, drained",
        "156.6",  # mg of magnesium in SR28's cup of boiled spinach (180 g at 87 mg/100 g)
        "competes for absorption with",
    ]),
    "05-bring-your-own-knowledge.ipynb": (1, [
        "chia-seeds.ttl: conforms to nutrigraph's shapes (0 violations",
        "chia-seeds-broken.ttl: does not conform to nutrigraph's shapes (5 violations",
        "ngsh:Statement-source",
        "DataValidationError: ",
        "chia seeds (http://example.org/my-notes/chia-seeds)",
        "Chia seeds provides nutrient magnesium",
    ]),
}


def client(notebook: nbformat.NotebookNode, folder: Path) -> NotebookClient:
    # five kernels start at once on a small CI machine: give them longer than nbclient's 60 s
    return NotebookClient(notebook, kernel_name="python3", timeout=120, startup_timeout=240,
                          allow_errors=True, resources={"metadata": {"path": str(folder)}})


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """Every notebook, run top to bottom: name -> the executed copy (the files stay as they are)."""
    notebooks = {name: nbformat.read(NOTEBOOKS / name, as_version=4) for name in KEY_OUTPUTS}
    clients = [client(nbformat.from_dict(nb), tmp_path_factory.mktemp(name.split("-")[0]))
               for name, nb in notebooks.items()]

    async def run_all():
        return await asyncio.gather(*(c.async_execute() for c in clients))

    return dict(zip(notebooks, asyncio.run(run_all()), strict=True))


def text_outputs(notebook: nbformat.NotebookNode) -> list[tuple[int, str, str]]:
    """(cell, kind, text) of every text output: what a reader of the saved notebook sees."""
    found = []
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                found.append((number, output.name, output.text))
            elif output.output_type in ("execute_result", "display_data"):
                data = output.get("data", {})
                found += [(number, kind, data[kind]) for kind in ("text/plain", "text/html")
                          if kind in data]
    return found


def outputs(notebook: nbformat.NotebookNode) -> tuple[str, int, list[str]]:
    """All output text (streams, plain text, HTML), the number of figures, and the errors."""
    text, figures, errors = [], 0, []
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                errors.append(f"cell {number}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream":
                text.append(output.text)
            else:
                data = output.get("data", {})
                text += [data.get("text/plain", ""), data.get("text/html", "")]
                figures += "image/png" in data
    return "\n".join(text), figures, errors


def test_the_notebooks_are_the_five_tested_here():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(KEY_OUTPUTS)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(KEY_OUTPUTS))
def test_notebook_runs_and_shows_its_answers(name, executed):
    stored = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(stored)
    # shipped with their outputs, so that they render on a code host
    assert all(c.execution_count for c in stored.cells if c.cell_type == "code")
    text, figures, errors = outputs(executed[name])
    assert errors == []
    least, expected = KEY_OUTPUTS[name]
    assert figures >= least
    for snippet in expected:
        assert snippet in text, snippet
    assert "not medical advice" in "\n".join(c.source for c in stored.cells
                                             if c.cell_type == "markdown").lower()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(KEY_OUTPUTS))
def test_saved_outputs_are_what_the_notebook_shows_today(name, executed):
    """A saved notebook is its own golden file: its text outputs are what a fresh run prints."""
    stored = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert text_outputs(executed[name]) == text_outputs(stored)


@pytest.mark.slow
def test_the_kernel_is_this_environment(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("import sys, nutrigraph\nprint(sys.prefix)")]
    text, _, errors = outputs(client(notebook, tmp_path).execute())
    assert errors == []
    assert text.strip() == sys.prefix
