"""Bad input (issue 10): one line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import pytest

from nutrigraph.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def one_error(capsys, *argv: str) -> str:
    """The one line of stderr of a command that must fail with exit code 2 and no output."""
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, ""), err
    assert len(err.splitlines()) == 1 and err.startswith("nutrigraph: error: "), err
    return err.strip()


# -- 4. -p VAR=ENTITY ----------------------------------------------------------------------


@pytest.mark.parametrize("var", ["1 2", "a-b", "a.b", "·a", "x y"])
def test_a_param_that_is_no_sparql_variable_is_refused(capsys, var):
    assert one_error(capsys, "query", "-p", f"{var}=b12", "SELECT * WHERE { ?s ?p ?o }") == (
        f"nutrigraph: error: Invalid value for '-p/--param': {var!r} is not a SPARQL "
        "variable name (letters, digits and _; such as nutrient=magnesium)")


def test_a_param_may_be_any_sparql_varname(capsys):
    # VARNAME may start with a digit, and go on with U+00B7 and combining marks
    query = "SELECT ?1 ?a·b WHERE {} LIMIT 1"
    code, out, err = run(capsys, "query", "-p", "1=B12", "-p", "?a·b=magnesium", query,
                         "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "1,a·b", "https://w3id.org/nutrigraph/kb/vitamin-b12,https://w3id.org/nutrigraph/kb/"
        "magnesium"]


