"""Diagrams: what the figures show (labels, legend, line styles, layout), files, and the CLI."""

import dataclasses
import itertools

import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from nutrigraph import find_paths, shortest_path, to_networkx
from nutrigraph.cli import cli, main
from nutrigraph.knowledge import evidence_scale
from nutrigraph.plot import mechanism, neighborhood, paths, save
from nutrigraph.plot.mechanism_diagram import NotANutrient
from nutrigraph.plot.style import CATEGORY_STYLES, EDGE_STYLES, edge_style
from nutrigraph.vocab import ng

pytestmark = pytest.mark.slow  # figures are drawn and measured

K = "https://w3id.org/nutrigraph/kb/"
DISPUTED = "edge:ngk:magnesium ng:cofactorOf ngk:methionine-synthase"
CURATED = "edge:ngk:magnesium ng:cofactorOf ngk:methionine-adenosyltransferase-1a"
ARTICLE = "edge:ngk:magnesium ng:requiredFor ngk:b12-activation"


@pytest.fixture(scope="module")
def mech(kg):
    fig = mechanism(kg)
    fig.canvas.draw()
    return fig


def artists(fig, prefix):
    """Artists whose gid starts with ``prefix``, by gid."""
    return {a.get_gid(): a for a in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix))}


def labels(fig, prefix="label:"):
    """The text of each label artist by its CURIE, with line breaks undone."""
    return {gid[len(prefix):]: " ".join(t.get_text().split())
            for gid, t in artists(fig, prefix).items()}


def centre_x(fig, curie):
    box = artists(fig, f"box:{curie}")[f"box:{curie}"]
    return box.get_x() + box.get_width() / 2


def overlapping(fig, items):
    renderer = fig.canvas.get_renderer()
    boxes = [(name, a.get_window_extent(renderer)) for name, a in items]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.overlaps(box_b)]


def test_mechanism_names_the_chain_from_the_nutrients_to_the_cobalamins(mech):
    shown = labels(mech)
    assert shown["ngk:magnesium"] == "magnesium"
    assert shown["ngk:mg-atp"] == "Mg-ATP"
    assert shown["ngk:methionine-synthase"] == "methionine synthase (MTR)"
    assert shown["ngk:corrinoid-adenosyltransferase"] == "corrinoid adenosyltransferase (MMAB)"
    assert shown["ngk:adenosylcobalamin"] == "adenosylcobalamin"
    assert shown["ngk:methylcobalamin"] == "methylcobalamin"
    assert {"ngk:methylmalonyl-coa-mutase", "ngk:methionine-synthase-reductase",
            "ngk:methionine-adenosyltransferase-1a", "ngk:methionine-adenosyltransferase-2a",
            "ngk:cob-i-alamin-adenosylation", "ngk:b12-activation"} <= set(shown)
    # symptoms: the six that authoritative reviews give for both deficiencies; fatigue is
    # shared too, but for magnesium only the article states it; seizures are magnesium's only
    symptoms = {c for c in shown if c.startswith("ngk:") and centre_x(mech, c) == max(
        centre_x(mech, other) for other in shown)}
    assert symptoms == {"ngk:constipation", "ngk:depression", "ngk:loss-of-appetite",
                        "ngk:memory-problems", "ngk:muscle-weakness", "ngk:paresthesia"}
    assert "ngk:fatigue" not in shown and "ngk:seizures" not in shown


def test_mechanism_columns_run_left_to_right_by_category(mech):
    order = ["ngk:magnesium", "ngk:mg-atp", "ngk:methionine-synthase", "ngk:methylcobalamin",
             "ngk:methionine-synthase-reaction", "ngk:magnesium-deficiency",
             "ngk:paresthesia"]
    xs = [centre_x(mech, c) for c in order]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert centre_x(mech, "ngk:vitamin-b12") == centre_x(mech, "ngk:magnesium")
    headers = [t.get_text() for t in sorted(artists(mech, "column:").values(),
                                            key=lambda t: t.get_position()[0])]
    assert headers == ["nutrient", "cofactor or substrate", "enzyme", "active form",
                       "reaction or process", "deficiency", "shared symptom"]


def test_the_disputed_claim_is_dashed_the_curated_solid_the_article_dotted(mech):
    edges = artists(mech, "edge:")
    disputed, curated, article = edges[DISPUTED], edges[CURATED], edges[ARTICLE]
    assert disputed.get_linestyle() == EDGE_STYLES["disputed"]["linestyle"] == (0, (5, 3))
    assert curated.get_linestyle() == "solid"
    assert article.get_linestyle() == EDGE_STYLES["article claim"]["linestyle"]
    assert disputed.get_edgecolor()[:3] != curated.get_edgecolor()[:3]
    # the relation of magnesium to methionine synthase is labelled, in the dispute's colour
    label = artists(mech, "relation:")[DISPUTED.replace("edge:", "relation:")]
    assert label.get_text() == "cofactor of"
    assert label.get_color() == EDGE_STYLES["disputed"]["color"]


def test_edge_kinds_follow_the_tiers_of_the_graphs_evidence_scale(kg):
    scale = evidence_scale(kg)
    kinds = {level.label: edge_style({"evidence_rank": level.rank}, scale)[0]
             for level in scale.levels}
    assert kinds == {"experimental": "curated", "authoritative review": "curated",
                     "reference data": "curated", "by similarity": "curated",
                     "electronic annotation": "curated",
                     "article claim": "article claim", "unverified": "unverified"}
    assert edge_style({}, scale)[0] == "unverified"  # unrated: as the scale's unrated level
    assert edge_style({"evidence_rank": 1, "disputed": True}, scale)[0] == "disputed"
    # a scale that files article claims with the curated sources draws them solid
    article, curated = scale.known(ng.ArticleClaim), scale.known(ng.Experimental).group
    promoted = dataclasses.replace(scale, levels=tuple(
        dataclasses.replace(level, group=curated) if level == article else level
        for level in scale.levels))
    assert edge_style({"evidence_rank": article.rank}, promoted) == ("curated",
                                                                     EDGE_STYLES["curated"])


def test_mechanism_starts_from_nutrients_only(kg):
    with pytest.raises(NotANutrient, match="spinach"):
        mechanism(kg, nutrients=["spinach"])


def test_a_relation_pointing_back_is_drawn_forwards_with_its_inverse_name(mech):
    # methylcobalamin (active form) is a cofactor of methionine synthase (enzyme, to its left)
    triple = "ngk:methylcobalamin ng:cofactorOf ngk:methionine-synthase"
    assert artists(mech, "relation:")[f"relation:{triple}"].get_text() == "has cofactor"
    vertices = artists(mech, "edge:")[f"edge:{triple}"].get_path().vertices
    start, end = vertices[0], vertices[-1]
    enzyme = artists(mech, "box:ngk:methionine-synthase")["box:ngk:methionine-synthase"]
    form = artists(mech, "box:ngk:methylcobalamin")["box:ngk:methylcobalamin"]
    assert start[0] == pytest.approx(enzyme.get_x() + enzyme.get_width())
    assert end[0] < form.get_x() and form.get_x() - end[0] < 8  # stops at the arrow head
    # symptoms' edges are all "has symptom": they carry no label
    assert not any("hasSymptom" in gid for gid in artists(mech, "relation:"))


def test_the_legend_has_each_category_shown_and_the_disputed_kind(mech):
    legend = mech.axes[0].get_legend()
    entries = dict(zip((t.get_text() for t in legend.get_texts()), legend.legend_handles,
                       strict=True))
    assert list(entries)[:8] == ["nutrient", "metabolite", "enzyme", "active form",
                                 "reaction", "process", "deficiency", "symptom"]
    assert {"primary or curated source", "article claim",
            "disputed by another source"} <= set(entries)
    enzyme = CATEGORY_STYLES["ng:Enzyme"]
    assert (entries["enzyme"].get_marker(), entries["enzyme"].get_color()) == (
        enzyme.marker, enzyme.color)
    assert entries["disputed by another source"].get_linestyle() == "--"
    # below the drawing: it covers no node and no label
    renderer = mech.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    assert not any(box.overlaps(t.get_window_extent(renderer)) for t in mech.axes[0].texts)


def test_no_two_labels_overlap_and_fonts_are_readable(mech):
    texts = [(t.get_gid(), t) for t in mech.axes[0].texts if t.get_text()]
    assert len(texts) > 40
    assert overlapping(mech, texts) == []
    boxes = list(artists(mech, "box:").items())
    relations = list(artists(mech, "relation:").items())
    assert overlapping(mech, boxes) == []
    assert [pair for pair in overlapping(mech, boxes + relations)
            if pair[0].startswith("box:") != pair[1].startswith("box:")] == []
    assert min(t.get_fontsize() for _, t in texts) >= 8


def test_the_layout_is_deterministic(kg, mech, tmp_path):
    again = mechanism(kg)
    positions = {gid: t.get_position() for gid, t in artists(mech, "label:").items()}
    assert {gid: t.get_position() for gid, t in artists(again, "label:").items()} == positions
    first, second = save(mech, tmp_path / "a.png", dpi=40), save(again, tmp_path / "b.png", dpi=40)
    assert first.read_bytes() == second.read_bytes()


def test_mechanism_draws_into_a_given_axes_and_shrinks_to_fit(kg):
    fig = Figure(figsize=(6, 3.5), layout="constrained")
    ax = fig.add_subplot()
    assert mechanism(kg, ax=ax) is fig
    assert labels(fig)["ngk:magnesium"] == "magnesium"
    assert "magnesium" in " ".join(t.get_text() for t in ax.texts)
    sizes = [t.get_fontsize() for t in ax.texts]
    assert max(sizes) < 9  # too small an axes for 9 pt labels: all text shrinks alike
    fig.canvas.draw()
    assert overlapping(fig, [(t.get_gid(), t) for t in ax.texts if t.get_text()]) == []


def test_one_nutrient_shows_its_own_best_supported_symptoms(kg):
    fig = mechanism(kg, nutrients=["vitamin B12"], max_symptoms=3)
    shown = labels(fig)
    assert "ngk:magnesium" not in shown and "ngk:mg-atp" not in shown
    assert {"ngk:methylcobalamin", "ngk:methionine-synthase"} <= set(shown)
    symptoms = {c for c in shown if centre_x(fig, c) == max(centre_x(fig, o) for o in shown)}
    assert len(symptoms) == 3  # ODS-stated symptoms, by name: confusion, constipation, depression
    assert symptoms == {"ngk:confusion", "ngk:constipation", "ngk:depression"}


def test_ranked_paths_are_lanes_with_ranks_relations_and_evidence_styles(kg):
    G = to_networkx(kg, inverse=True)
    mg, ms = kg.resolve("magnesium").iri, kg.resolve("methionine synthase").iri
    best = find_paths(G, mg, kg.resolve("adenosylcobalamin").iri, k=1)[0]
    disputed = shortest_path(G, mg, ms)
    fig = paths(G, [best, disputed])
    fig.canvas.draw()
    assert sorted(t.get_text() for t in artists(fig, "rank:").values()) == ["1", "2"]
    lane = sorted(artists(fig, "path:1:label:").values(), key=lambda t: t.get_position()[0])
    assert [" ".join(t.get_text().split()) for t in lane] == [
        "magnesium", "Mg-ATP", "cob(I)alamin adenosylation", "adenosylcobalamin"]
    relations = [t.get_text() for t in sorted(artists(fig, "path:1:relation:").values(),
                                              key=lambda t: t.get_position()[0])]
    assert relations == ["part of", "input of", "has output"]
    # a label's id names the stated triple behind its step
    assert artists(fig, "path:1:relation:ngk:cob-i-alamin-adenosylation ng:hasOutput "
                        "ngk:adenosylcobalamin")
    step = artists(fig, "path:2:edge:")["path:2:edge:" + DISPUTED[5:]]
    assert step.get_linestyle() == EDGE_STYLES["disputed"]["linestyle"]
    assert artists(fig, "path:1:edge:")[
        "path:1:edge:ngk:magnesium ng:partOf ngk:mg-atp"].get_linestyle() == "solid"
    assert "disputed step" in artists(fig, "summary:2")["summary:2"].get_text()
    # both lanes end in the same column, whatever their length
    ends = [artists(fig, f"path:{r}:label:{c}")[f"path:{r}:label:{c}"].get_position()[0]
            for r, c in ((1, "ngk:adenosylcobalamin"), (2, "ngk:methionine-synthase"))]
    assert ends[0] == ends[1]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "disputed by another source" in legend and "enzyme" in legend
    assert overlapping(fig, [(t.get_gid(), t) for t in fig.axes[0].texts]) == []


def test_paths_needs_a_path(kg):
    with pytest.raises(ValueError, match="no paths"):
        paths(kg, [])


def test_neighborhood_puts_the_entity_in_the_middle_of_its_ring(kg):
    fig = neighborhood(kg, "adenosylcobalamin")
    markers = {gid[5:]: a.get_xydata()[0] for gid, a in artists(fig, "node:").items()}
    assert tuple(markers.pop("ngk:adenosylcobalamin")) == (0, 0)
    radii = {round(float((x * x + y * y) ** 0.5), 6) for x, y in markers.values()}
    assert len(radii) == 1 and len(markers) >= 4
    relations = labels(fig, "relation:")
    # each relation is read from the neighbour: MMUT has adenosylcobalamin as its cofactor
    assert relations["ngk:methylmalonyl-coa-mutase"] == "has cofactor"
    assert relations["ngk:cob-i-alamin-adenosylation"] == "has output"
    again = neighborhood(kg, "adenosylcobalamin")
    assert {g: tuple(a.get_xydata()[0]) for g, a in artists(again, "node:").items()} == {
        g: tuple(a.get_xydata()[0]) for g, a in artists(fig, "node:").items()}
    fig.canvas.draw()
    assert overlapping(fig, [(t.get_gid(), t) for t in fig.axes[0].texts]) == []


def test_neighborhood_by_category_keeps_the_dispute(kg):
    fig = neighborhood(kg, "magnesium", categories=["enzyme"])
    assert set(labels(fig)) == {"ngk:magnesium", "ngk:methionine-synthase",
                                "ngk:methionine-adenosyltransferase-1a"}
    edges = artists(fig, "edge:")
    assert edges[DISPUTED].get_linestyle() == EDGE_STYLES["disputed"]["linestyle"]
    assert edges[CURATED].get_linestyle() == "solid"


def test_radius_2_reaches_the_enzymes_of_the_reactions(kg):
    fig = neighborhood(kg, "adenosylcobalamin", radius=2, categories=["enzyme", "reaction"])
    shown = labels(fig)
    # MMAB makes adenosylcobalamin through a reaction: two relations away
    assert "ngk:corrinoid-adenosyltransferase" in shown
    assert "ngk:methylmalonyl-coa-mutase-reaction" in shown


@pytest.mark.parametrize(("suffix", "magic"), [
    ("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_save_writes_each_format(kg, tmp_path, suffix, magic):
    path = save(neighborhood(kg, "spinach"), tmp_path / f"spinach.{suffix}", dpi=50)
    assert path.read_bytes().startswith(magic)


def test_cli_plot_writes_the_figure(tmp_path):
    runner = CliRunner()
    out = tmp_path / "mechanism.svg"
    result = runner.invoke(cli, ["plot", "mechanism", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out}"
    svg = out.read_text(encoding="utf-8")
    assert "<svg" in svg and 'id="label:ngk:mg-atp"' in svg
    out = tmp_path / "routes.pdf"
    result = runner.invoke(cli, ["plot", "path", "magnesium", "adenosylcobalamin", "-k", "2",
                                 "--max-length", "4", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    out = tmp_path / "spinach.png"
    result = runner.invoke(cli, ["plot", "neighborhood", "spinach", "--category", "nutrient",
                                 "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(("argv", "expected"), [
    (["plot", "mechanism", "-o", "{tmp}/m.jpg"], "cannot write a figure as 'jpg'"),
    (["plot", "neighborhood", "spinach", "-o", "{tmp}/n"],
     "cannot write a figure as 'a file without a suffix'"),
    (["plot", "neighborhood", "unobtainium", "-o", "{tmp}/n.png"],
     "no entity named 'unobtainium'"),
    (["plot", "neighborhood", "spinach", "--category", "vegetable", "-o", "{tmp}/n.png"],
     "no category named 'vegetable'"),
    (["plot", "path", "magnesium", "folate"], "Missing option '-o'"),
])
def test_cli_plot_bad_input_is_one_line_and_exit_code_2(capsys, tmp_path, argv, expected):
    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("nutrigraph: error: ")
    assert expected in err[0]
    assert list(tmp_path.iterdir()) == []  # nothing written
