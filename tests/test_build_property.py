"""Property: whatever the text, no registered identifier survives into any output format.

Random prose with registered names inserted anywhere (any case, possessives, typographic
apostrophes, accents or none, split over a line break, inside Markdown structure) goes into a
finding; the build runs; every publication file that exists (a blocked build removes them all)
is read back as md text, HTML text and attributes, and DOCX text through python-docx, and
searched with a checker written apart from the anonymiser.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scrtui.publish import build
from scrtui.publish.extract import docx_paragraphs, html_texts
from scrtui.resources import template_dir

REGISTER = """
[[person]]
id = "P-01"
name = "Zoë Przybylski"
aliases = ["Zozo"]
label = "Child A"
role = "child"

[[person]]
id = "P-02"
name = "Kerry-Ann O'Neill"
aliases = ["Ms O'Neill"]
label = "the mother"
role = "parent"

[[person]]
id = "P-03"
name = "Tomasz Wójcik"
aliases = ["Tomek"]
label = "the partner"
role = "other"

[[place]]
id = "PL-01"
name = "Quarrybank Estate"
label = "the estate"
"""
FORMS = [
    "Zoë Przybylski",
    "Zoe Przybylski",
    "Zoë",
    "Przybylski",
    "Zozo",
    "Kerry-Ann O'Neill",
    "Kerry-Ann",
    "Kerry",
    "O'Neill",
    "O’Neill",
    "Ms O'Neill",
    "Tomasz Wójcik",
    "Tomasz",
    "Wójcik",
    "Wojcik",
    "Tomek",
    "Quarrybank Estate",
]
FORBIDDEN = [
    "zoe",
    "przybylski",
    "zozo",
    "kerry",
    "ann",
    "o'neill",
    "oneill",
    "neill",
    "tomasz",
    "wojcik",
    "tomek",
    "quarrybank estate",
]
WORDS = [
    "the",
    "health",
    "visitor",
    "saw",
    "and",
    "a",
    "baby",
    "at",
    "home",
    "with",
    "on",
    "Monday",
    "school",
    "called",
    "police",
    "report",
    "The",
    "GP",
    "not",
    "was",
]
JOINS = [
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    ", ",
    ". ",
    " **",
    "** ",
    " _",
    "_ ",
    "\n- ",
    "\n# ",
    "\n| ",
    " | ",
    " [",
    "](#x) ",
    "'s ",
    "’s ",
]


def finding(text: str) -> str:
    sections = [
        "How it showed in this case",
        "Why it is underlying, not a quirk",
        "How widespread, and how we know",
        "Why it matters",
        "Questions for the board",
        "Counter-evidence considered",
    ]
    body = "\n\n".join(f"## {title}\nSome text." for title in sections)
    return (
        '+++\nid = "F-01"\ntitle = "A finding"\npriority = 1\nevidence = ["F-01"]\n+++\n'
        f"# A finding\n\n## Finding\n{text}\n\n{body}\n"
    )


def variant(form: str, how: int) -> str:
    if how == 1:
        return form.lower()
    if how == 2:
        return form.upper()
    if how == 3:
        return form.replace(" ", "\n", 1)
    if how == 4:
        return form + "’s"
    return form


pieces = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.builds(variant, st.sampled_from(FORMS), st.integers(0, 4)),
    ),
    min_size=1,
    max_size=30,
)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("’", "'")


def forbidden_in(text: str) -> list[str]:
    text = normalise(text)
    found = []
    for word in FORBIDDEN:
        pattern = r"\s+".join(re.escape(w) for w in word.split())
        if re.search(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])", text):
            found.append(word)
    return found


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(words=pieces, joins=st.lists(st.sampled_from(JOINS), min_size=30, max_size=30))
def test_no_registered_identifier_survives_in_any_format(words, joins):
    text = "".join(word + joins[i] for i, word in enumerate(words)).strip() or "x"
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "review"
        shutil.copytree(template_dir(), root)
        (root / "register.toml").write_text(REGISTER, encoding="utf-8")
        (root / "findings" / "F-01.md").write_text(finding(text), encoding="utf-8")
        result = build(root, Path(temp) / "out", clock=lambda: datetime(2025, 1, 1, tzinfo=UTC))
        event(result.status)
        publication = Path(temp) / "out" / "publication"
        files = sorted(publication.iterdir())
        if result.status == "blocked":
            assert files == []
        for path in files:
            data = path.read_bytes()
            if path.suffix == ".docx":
                texts = ["\n".join(docx_paragraphs(data))]
            elif path.suffix == ".html":
                texts = html_texts(data)
            else:
                texts = [data.decode("utf-8")]
            for extracted in texts:
                assert forbidden_in(extracted) == [], (path.name, text)
