"""Every command the README shows prints what it printed when its golden file was written.

Each command runs through ``main()`` in a fresh temporary folder, with the files and stores
the README assumes (``my-question.rq``, ``mine.ttl``, ``sr28.db``, ``hpo.db``) made there
first. Its exit code, stdout and stderr are compared with ``tests/golden/<name>.txt``.
Figures are compared by what they show: the text of every labelled artist (``get_gid()``)
and the line style of every drawn relation, not by their bytes, which depend on the
matplotlib version.

To write the golden files anew (after a change that is meant to change what a command
prints), run ``NUTRIGRAPH_GOLDEN=write python -m pytest tests/test_readme_commands.py`` and
read the diff before committing it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from nutrigraph.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
DATA = Path(__file__).resolve().parent / "data"
WRITE = os.environ.get("NUTRIGRAPH_GOLDEN") == "write"

# name -> the command line after `nutrigraph`, as the README writes it (the options it shows
# in brackets are run as commands of their own)
COMMANDS = {
    "explain-magnesium-b12": ["explain", "magnesium", "vitamin B12"],
    "explain-sam-sparql": ["explain", "magnesium", "S-adenosylmethionine", "-k", "1", "--sparql"],
    "query-list": ["query", "--list"],
    "query-shared-symptoms": ["query", "--name", "shared-symptoms"],
    "query-foods-b12-csv": ["query", "--name", "foods", "-p", "nutrient=B12", "--format", "csv"],
    "query-sources": ["query", "--name", "sources", "-p", "subject=magnesium",
                      "-p", "object=methionine synthase"],
    "query-inline-json": ["query", "SELECT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }",
                          "--format", "json"],
    "query-file-with-data": ["query", "-f", "my-question.rq", "--data", "my-knowledge.ttl"],
    "resolve-pins-and-needles": ["resolve", "pins and needles"],
    "path": ["path", "magnesium", "adenosylcobalamin", "-k", "5", "--max-length", "4"],
    "path-through-enzyme": ["path", "magnesium", "adenosylcobalamin", "-k", "5",
                            "--max-length", "4", "--through", "enzyme"],
    "path-avoid-food-json": ["path", "magnesium", "adenosylcobalamin", "-k", "5",
                             "--max-length", "4", "--avoid", "food", "--format", "json"],
    "neighbors-depth-1": ["neighbors", "magnesium", "--depth", "1"],
    "neighbors-depth-1-enzyme": ["neighbors", "magnesium", "--depth", "1",
                                 "--category", "enzyme"],
    "metapaths-b12-4": ["metapaths", "magnesium", "vitamin B12", "--max-length", "4"],
    "differential": ["differential", "tingling", "fatigue", "constipation"],
    "overlap": ["overlap", "magnesium", "B12"],
    "neighbors": ["neighbors", "magnesium"],
    "neighbors-enzyme-json": ["neighbors", "magnesium", "--category", "enzyme",
                              "--format", "json"],
    "neighbors-depth-2-process": ["neighbors", "adenosylcobalamin", "--depth", "2",
                                  "--category", "biological process"],
    "metapaths-adenosylcobalamin": ["metapaths", "magnesium", "adenosylcobalamin"],
    "metapaths-b12-directed": ["metapaths", "magnesium", "vitamin B12", "--max-length", "2",
                               "--directed"],
    "plot-mechanism": ["plot", "mechanism", "-o", "mechanism.png"],
    "plot-path": ["plot", "path", "magnesium", "vitamin B12", "-k", "3", "-o", "routes.svg"],
    "plot-neighborhood": ["plot", "neighborhood", "adenosylcobalamin", "--radius", "2",
                          "--category", "enzyme", "-o", "b12.pdf"],
    "plot-symptoms": ["plot", "symptoms", "-o", "symptoms.png"],
    "plot-foods": ["plot", "foods", "-o", "foods.png"],
    "plot-foods-both-store": ["plot", "foods", "--both", "--store", "sr28.db", "-o", "both.png"],
    "plot-intakes-b12": ["plot", "intakes", "vitamin B12", "-o", "b12.png"],
    "query-mechanism-mtr": ["query", "--name", "mechanism", "-p", "enzyme=MTR"],
    "query-disputed-claims": ["query", "--name", "disputed-claims"],
    "query-paresthesia-ids": ["query", "SELECT ?id WHERE { ngk:paresthesia skos:exactMatch ?id }"],
    "resolve-tingling": ["resolve", "tingling"],
    "query-intakes-magnesium": ["query", "--name", "intake-references", "-p", "nutrient=magnesium"],
    "query-interactions-metformin-csv": ["query", "--name", "drug-nutrient-interactions",
                                         "-p", "medication=metformin", "--format", "csv"],
    "import-hpo": ["import", "hpo", "--store", "hpo.db"],
    "import-hpo-all": ["import", "hpo", "--store", "hpo.db", "--all"],
    "resolve-store-acroparesthesia": ["resolve", "--store", "hpo.db", "acroparesthesia"],
    "import-hpo-subset-output": ["import", "hpo", "--subset", "--output",
                                 "ontology/knowledge/hpo-subset.trig", "--annotations-output",
                                 "ontology/knowledge/hpo-annotations-subset.trig"],
    "explain-magnesium-mat1a-disorder": ["explain", "magnesium", "OMIM:250850", "-k", "1"],
    "path-b12-mmut-disorder": ["path", "vitamin B12", "OMIM:251000", "-k", "2"],
    "import-usda-store": ["import", "usda", "--store", "sr28.db"],
    "query-store-foods-rich-in-both": ["query", "--store", "sr28.db", "--name",
                                       "foods-rich-in-both"],
    "query-store-food-composition": ["query", "--store", "sr28.db", "--name", "food-composition",
                                     "-p", "food=almonds"],
    "import-usda-subset-output": ["import", "usda", "--foods", "11458,12063", "--output",
                                  "my-subset.trig"],
    "add-lab": ["add", "--store", "lab.db", "my-knowledge.ttl"],
    "graphs-lab": ["graphs", "--store", "lab.db"],
    "drop-lab": ["drop", "--store", "lab.db", "file://$PWD/my-knowledge.ttl"],
    "add-lab-bundled": ["add", "--store", "lab.db"],
    "validate": ["validate"],
    "validate-mine": ["validate", "mine.ttl"],
    "validate-mine-json": ["validate", "mine.ttl", "--format", "json"],
    "query-infer-rdfs": ["query", "--infer", "rdfs",
                         "SELECT ?d WHERE { ?d biolink:has_phenotype ngk:fatigue }"],
    "query-infer-owl-rl": ["query", "--infer", "owl-rl",
                           "SELECT ?d WHERE { ngk:fatigue ng:symptomOf ?d }"],
}

# Commands that take seconds (inference, HPO, a store) run with the slow tests.
SLOW = {"import-hpo", "import-hpo-all", "resolve-store-acroparesthesia",
        "import-hpo-subset-output", "import-usda-store", "query-store-foods-rich-in-both",
        "query-store-food-composition", "plot-foods-both-store", "query-infer-rdfs",
        "query-infer-owl-rl", "add-lab", "graphs-lab", "drop-lab", "validate", "validate-mine",
        "validate-mine-json",
        "plot-mechanism", "plot-path", "plot-neighborhood", "plot-symptoms", "plot-foods",
        "plot-intakes-b12"}

# The README's SR28 store holds all of SR28; a store of a few foods (those the bundled
# graph names, and a few rich in both magnesium and B12) answers the same questions in
# a fraction of the time. Its import prints its own counts.
SR28_FOODS = "01123,11458,12063,15157,13327,12014,16015,20033"

MY_QUESTION = """\
SELECT ?food ?label WHERE {
  ?food ng:providesNutrient ngk:magnesium ; rdfs:label ?label .
} ORDER BY ?label
"""


def prepare(folder: Path, argv: list[str]) -> None:
    """Make the files and stores that the command reads, as the README's reader would have."""
    if "my-question.rq" in argv:
        (folder / "my-question.rq").write_text(MY_QUESTION, encoding="utf-8")
    if "lab.db" in argv or any(a.endswith("my-knowledge.ttl") for a in argv):
        shutil.copy(DATA / "good.ttl", folder / "my-knowledge.ttl")
    if "lab.db" in argv and argv != ["add", "--store", "lab.db", "my-knowledge.ttl"]:
        assert main(["add", "--store", "lab.db", "my-knowledge.ttl"]) == 0
    if "mine.ttl" in argv:
        shutil.copy(DATA / "bad.ttl", folder / "mine.ttl")
    if "sr28.db" in argv and argv[:2] != ["import", "usda"]:
        assert main(["import", "usda", "--store", "sr28.db", "--foods", SR28_FOODS]) == 0
    if "--output" in argv:
        (folder / argv[argv.index("--output") + 1]).parent.mkdir(parents=True, exist_ok=True)
    if "hpo.db" in argv and argv[:2] != ["import", "hpo"]:
        assert main(["import", "hpo", "--store", "hpo.db"]) == 0


def normalized(text: str, folder: Path) -> str:
    """Without what changes from run to run: the folder, times, progress bars."""
    text = text.replace(str(folder.resolve()), "<tmp>").replace(str(folder), "<tmp>")
    text = re.sub(r"\b\d+(\.\d+)? s\b", "<t> s", text)  # "in 0.4 s"
    # click draws a bar on a terminal and writes only its label elsewhere
    return re.sub(r"^(reading [^\n]*?)(?=\S)", r"\1", text, flags=re.M)


def figure_summary(path: Path) -> str:
    """What a figure file is: its format, by its first bytes."""
    head = path.read_bytes()[:8]
    kind = ("png" if head.startswith(b"\x89PNG") else "pdf" if head.startswith(b"%PDF")
            else "svg" if b"<?xml" in head or b"<svg" in head else repr(head))
    return f"figure {path.name}: {kind}"


def figure_content(argv: list[str], folder: Path, capsys) -> list[str]:
    """What the figure of a plot command shows, drawn again as SVG with its text as text:
    every text in drawing order (with its artist's id), and each relation's line style."""
    import xml.etree.ElementTree as ET

    import matplotlib

    out = argv.index("-o") + 1
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "golden"}):
        assert main([*argv[:out], "figure.svg", *argv[out + 1:]]) == 0
    capsys.readouterr()
    svg = ET.parse(folder / "figure.svg").getroot()
    shown = []

    def walk(element, gid: str) -> None:
        tag = element.tag.rsplit("}", 1)[-1]
        gid = element.get("id", gid) if tag == "g" else gid
        if tag == "text":
            text = " ".join("".join(element.itertext()).split())
            shown.append(f"text {gid if ':' in gid else '-'}: {text}")
        elif tag == "path" and gid.startswith(("edge:", "path:")) and ":edge:" in f":{gid}":
            style = dict((key.strip(), value.strip()) for key, _, value in (
                part.partition(":") for part in element.get("style", "").split(";")) if value)
            shown.append(f"line {gid}: {style.get('stroke')} "
                         f"{style.get('stroke-dasharray', 'solid')}")
        for child in element:
            walk(child, gid)

    walk(svg, "")
    return shown


def record(name: str, argv: list[str], folder: Path, capsys) -> str:
    prepare(folder, argv)
    capsys.readouterr()  # what preparing printed is not the command's
    code = main([a.replace("$PWD", str(folder)) for a in argv])  # as the shell would
    captured = capsys.readouterr()
    parts = [f"$ nutrigraph {' '.join(argv)}", f"--- exit {code}",
             "--- stdout", normalized(captured.out, folder).rstrip("\n"),
             "--- stderr", normalized(captured.err, folder).rstrip("\n")]
    figures = [a for a in argv if a.endswith((".png", ".svg", ".pdf"))]
    parts += [figure_summary(folder / f) for f in figures]
    if figures:
        parts += figure_content(argv, folder, capsys)
    if "--output" in argv:  # a TriG file the importers write the same way every time
        written = folder / argv[argv.index("--output") + 1]
        digest = hashlib.sha256(written.read_bytes()).hexdigest()
        parts.append(f"file {written.name}: sha256 {digest}")
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n
                                  for n in COMMANDS])
def test_readme_command_prints_what_it_printed(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    got = record(name, COMMANDS[name], tmp_path, capsys)
    golden = GOLDEN / f"{name}.txt"
    if WRITE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(got.encode())  # bytes: CSV lines end in CRLF, as the W3C format says
    assert got == golden.read_bytes().decode()


def test_every_readme_command_is_here():
    """A command added to the README gets a golden file too."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    shown = {line.split("#")[0].strip() for block in blocks for line in block.splitlines()
             if line.startswith("nutrigraph ")}
    covered = {" ".join(argv) for argv in COMMANDS.values()}

    def words(command: str) -> str:  # quotes and bracketed options aside
        return " ".join(re.sub(r"\[[^\]]*\]", "", command).replace('"', "").replace("'", "")
                        .split())

    missing = [c for c in shown if not any(words(c).removeprefix("nutrigraph ") in
                                           " ".join(k.split()) for k in covered)]
    assert missing == []
