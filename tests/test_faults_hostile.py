"""Hostile prose (issue 17, item 12): in every format raw HTML is text and links lead only to
https, http, mailto or a place in the report; each dropped link is listed, with its file and
line, in the confidential report.

The finished files are read as a browser, a git host and Word would read them: the HTML with
lxml, report.md with a CommonMark parser that has raw HTML on (as websites render it), the
Word file's relationships and hyperlinks from its XML.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from markdown_it import MarkdownIt

from conftest import run_scr
from scrtui.resources import example_dir

FIXED = {"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}

TAGS = [
    "<script>alert('s')</script>",
    '<iframe src="https://evil.example/frame"></iframe>',
    "<svg onload=\"alert('svg')\"></svg>",
    "<img src=x onerror=\"alert('img')\">",
    "<a href=\"javascript:alert('a')\">click</a>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<!-- a comment --> <?php echo 1 ?>",
]
LINKS = [  # (the Markdown, the target as written)
    ("[plain](javascript:alert(1))", "javascript:alert(1)"),
    ("[upper](JaVaScRiPt:alert(2))", "JaVaScRiPt:alert(2)"),
    ("[entity](&#106;avascript:alert(3))", "&#106;avascript:alert(3)"),
    ("[percent](%6Aavascript:alert(4))", "%6Aavascript:alert(4)"),
    ("[control](java%0Ascript:alert(5))", "java%0Ascript:alert(5)"),
    ("[pointy](<javascript:alert(6)>)", "javascript:alert(6)"),
    (
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==",
    ),
    ("[vb](vbscript:msgbox(8))", "vbscript:msgbox(8)"),
    ("[file](file:///etc/passwd)", "file:///etc/passwd"),
    ("[relative](../register.toml)", "../register.toml"),
    ("![image](javascript:alert(9))", "javascript:alert(9)"),
    ("<javascript:alert(10)>", "javascript:alert(10)"),
]
KEPT = [
    "[https](https://www.gov.uk/guidance)",
    "[http](http://example.org/page)",
    "[mail](mailto:board@example.org)",
    "<https://example.org/auto>",
]


def hostile_prose() -> str:
    lines = [f"Tag {i}: {tag}." for i, tag in enumerate(TAGS)]
    lines += [f"Link {i}: {link}." for i, (link, _target) in enumerate(LINKS)]
    lines += [f"Kept {i}: {link}." for i, link in enumerate(KEPT)]
    lines += [
        "A reference [defined elsewhere][evil] and [a fine one][fine].",
        "",
        "[fine]: https://example.org/fine",
        "[evil]: javascript:alert(11)",
        "",
        "Code stays as written: `<b>not bold</b>` and",
        "",
        "```",
        "<script>x</script>",
        "```",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    """The example review with hostile prose in a report section, a finding's body and title
    and a register label, built once by the real command."""
    root = tmp_path_factory.mktemp("hostile") / "review"
    shutil.copytree(example_dir(), root)
    (root / "report/05-hostile.md").write_text("# Hostile\n\n" + hostile_prose(), encoding="utf-8")
    finding = root / "findings/F-03.md"
    text = finding.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^title = "', 'title = "<b onmouseover=alert(12)>Bold</b> ', text, count=1)
    finding.write_text(
        text + "\nAlso [see here](javascript:alert(13)) and <img src=y>.\n", encoding="utf-8"
    )
    register = root / "register.toml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace('label = "Child A"', 'label = "Child A<script>x</script>"', 1),
        encoding="utf-8",
    )
    result = run_scr("build", str(root), env=FIXED)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return root


def allowed_target(url: str) -> bool:
    return url.startswith("#") or re.match(r"(?i)(https?|mailto):", url) is not None


def test_report_html_has_no_script_handler_or_forbidden_link(hostile_build):
    page = lxml.html.fromstring((hostile_build / "build/publication/report.html").read_bytes())
    for tag in ("script", "iframe", "svg", "img", "object", "embed", "form", "b"):
        assert page.xpath(f"//{tag}") == [], tag
    for element in page.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name == "style":  # table alignment only
                assert re.fullmatch(r"text-align:\s*\w+;?", value), value
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert allowed_target(value), (element.tag, value)
    visible = page.text_content()
    assert "<script>alert('s')</script>" in visible  # shown as text, not dropped
    hrefs = page.xpath("//a/@href")
    assert "https://www.gov.uk/guidance" in hrefs and "mailto:board@example.org" in hrefs


def test_report_md_rendered_with_raw_html_on_has_no_tag_and_no_forbidden_link(hostile_build):
    text = (hostile_build / "build/publication/report.md").read_text("utf-8")
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = renderer.parse(text)
    found = []
    for token in tokens:
        assert token.type != "html_block", token.content
        for child in token.children or []:
            assert child.type != "html_inline", child.content
            if child.type == "link_open":
                found.append(child.attrGet("href"))
                assert allowed_target(child.attrGet("href")), child.attrGet("href")
            if child.type == "image":
                assert allowed_target(child.attrGet("src")), child.attrGet("src")
    assert "https://example.org/fine" in found and "https://example.org/auto" in found
    html = renderer.render(text)
    assert "<script" not in html and "onerror" not in html.replace("onerror=&quot;", "")
    assert "```\n<script>x</script>\n```" in text  # code is left as it was


def test_report_docx_relationships_and_hyperlinks_lead_only_where_allowed(hostile_build):
    with zipfile.ZipFile(hostile_build / "build/publication/report.docx") as package:
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        body = package.read("word/document.xml").decode("utf-8")
    external = {
        rel.get("Id"): rel.get("Target") for rel in rels if rel.get("TargetMode") == "External"
    }
    assert external, "the allowed links are kept"
    for target in external.values():
        assert allowed_target(target), target
    assert "https://www.gov.uk/guidance" in external.values()
    for rel_id in re.findall(r'<w:hyperlink r:id="([^"]+)"', body):
        assert rel_id in external
    assert "javascript" not in "".join(external.values()).lower()


def test_each_dropped_link_is_listed_with_its_file_and_line(hostile_build):
    report = (hostile_build / "build/confidential/residual-risk.md").read_text("utf-8")
    section = report.split("## Links not published", 1)[1]
    source = (hostile_build / "report/05-hostile.md").read_text("utf-8").split("\n")
    for link, target in LINKS:
        number = next(i for i, line in enumerate(source, start=1) if link in line)
        assert re.search(
            rf"\| report/05-hostile\.md:{number}:\d+ \| \w+ \| "
            rf"{re.escape(target)} \|",
            section,
        ), target
    assert re.search(
        r"\| report/05-hostile\.md:\d+:\d+ \| reference \| javascript:alert\(11\)", section
    )
    assert "findings/F-03.md" in section and "javascript:alert(13)" in section
    for link in KEPT:
        assert link.split("(")[-1].rstrip(")>").lstrip("<") not in section


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        ("https://x.example", True),
        ("HTTP://x.example", True),
        ("mailto:a@b.example", True),
        ("#f-01", True),
        ("javascript:x", False),
        ("\x01javascript:x", False),
        ("java\tscript:x", False),
        ("&#x6A;avascript:x", False),
        ("%256Aavascript:x", False),
        ("//evil.example", False),
        ("", False),
        ("h&#116;tps://x", True),
        ("ftp://x", False),
    ],
)
def test_link_targets_are_judged_as_a_browser_reads_them(target, allowed):
    from scrtui.publish.hostile import link_allowed

    assert link_allowed(target) is allowed


def test_text_with_nothing_suspect_is_returned_unchanged():
    from scrtui.publish.hostile import neutralise

    text = "A [link](#f-01) and [another](https://example.org), 3 < 4, and a > b.\n"
    assert neutralise(text) == (text, [])


def test_text_made_inert_once_is_left_as_it_is():
    """The build neutralises the reviewer's text, then the whole draft once more (for what scr
    put in): the second pass must neither escape twice nor report a link again."""
    from scrtui.publish.hostile import neutralise

    inert, dropped = neutralise(hostile_prose())
    assert dropped
    assert neutralise(inert) == (inert, [])
