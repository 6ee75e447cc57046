"""Every named query is documented, runs, and binds its parameters."""

import re

import pytest

from nutrigraph import UnknownQueryName, get_query, list_queries

NAMES = [q.name for q in list_queries()]

REQUIRED = {"how-magnesium-links-to-b12", "active-forms", "shared-symptoms", "foods",
            "supplements", "risk-groups", "sources", "deficiency-symptoms",
            "negated-statements"}


def test_the_competency_questions_are_all_there():
    assert set(NAMES) >= REQUIRED


@pytest.mark.parametrize("name", NAMES)
def test_named_query_answers_and_is_described(kg, name):
    query = get_query(name)
    assert len(query.description) > 20
    assert len(kg.named_query(name)) > 0


@pytest.mark.parametrize("name", NAMES)
def test_parameters_are_selected_so_they_can_be_bound(name):
    query = get_query(name)
    select = re.search(r"SELECT(.*?)WHERE", query.text, re.S)[1]
    for parameter in query.parameters:
        assert f"?{parameter}" in select.split(), parameter


def test_unknown_name_suggests(kg):
    with pytest.raises(UnknownQueryName, match="did you mean: foods"):
        get_query("food")


def test_unknown_parameter_is_refused(kg):
    from nutrigraph import QueryError

    with pytest.raises(QueryError, match="no parameter 'nutrent'"):
        kg.named_query("foods", nutrent="magnesium")


def test_parameters_change_the_answer(kg):
    all_foods = kg.named_query("foods").values("foodLabel")
    magnesium_foods = kg.named_query("foods", nutrient="magnesium").values("foodLabel")
    assert 0 < len(magnesium_foods) < len(all_foods)
