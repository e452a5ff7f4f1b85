"""The student's text speaks of the subject, not of the course's research limits (issue 13,
§5): phrases such as "seen only as reproduced", "not among the course's sources" or "the
course has not verified" belong in the data's notes and the teacher's guide. The verdict
scale of the claims tables ("not found in the record searched") is generated from
`data/claims.csv` and is not prose (see `test_content_terms.prose`)."""

import re

import pytest
from test_content_terms import markdown_cells, prose

RESEARCH_LIMIT = re.compile(
    r"\bseen only\b|\bnot among the course|"
    r"\bthe course(?:'s sources)? (?:has|have|had|could|did|does|do|can)(?:not|n't| not) "
    r"(?:\w+ )?(?:verif|confirm|find|found|read|show|check|see)\w*|"
    r"\b(?:was|were|is|are|been) not (?:verified|confirmed)\b|"
    r"\bcould not be (?:verified|confirmed|found|read)\b|\bnot (?:yet )?verified\b|\bunverified\b",
    re.I,
)


def research_limits(text: str) -> list[str]:
    return [
        " ".join(text[max(0, m.start() - 60) : m.end() + 40].split())
        for m in RESEARCH_LIMIT.finditer(prose(text))
    ]


def test_rule_fails_on_the_course_speaking_of_itself():
    for bad in (
        "the verbatim record was seen only as reproduced by others.",
        "Its text is not among the course's sources.",
        "As of 2026 the course has not verified whether the cases continued.",
        "The course's sources do not show that this meeting took place.",
        "(the exact day was not verified)",
        "Whether the request invoked Article 4 could not be verified.",
    ):
        assert research_limits(bad), bad
    assert not research_limits("The Court verified nothing; the meeting was not held.")
    assert not research_limits("The course does not copy its sentences.")
    assert not research_limits("<!-- claims:start -->not verified<!-- claims:end -->")


@pytest.mark.parametrize(("where", "source"), list(markdown_cells()))
def test_lesson_markdown_keeps_research_limits_out(where, source):
    bad = [f"{where}: …{s}…" for s in research_limits(source)]
    assert bad == [], "\n".join(bad)
