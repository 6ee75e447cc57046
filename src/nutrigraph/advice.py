"""The notice every answer about health ends with: nutrigraph informs, it does not diagnose."""

__all__ = ["NOT_ADVICE"]

NOT_ADVICE = ("nutrigraph informs; it does not diagnose. This is not medical advice: ask a health "
              "professional about symptoms or supplements, and weigh each statement by the "
              "evidence level shown.")
"""One line, shown after query results, explanations, paths and differentials."""
