"""Register edits from the Build part: an allowance or an entry, committed without the name."""

from __future__ import annotations

import pytest

from conftest import git
from scrtui.editing.ids import IdsInUse
from scrtui.editing.register import add_entry, allow
from scrtui.editing.session import Session
from scrtui.store.gitrepo import Repository
from scrtui.store.loader import load


def _save(document, message: str) -> None:
    """As the Build part saves the register: written at once, committed with its message."""
    document.save()
    Repository(document.root).commit(message, [document.rel])


def test_an_allowance_is_appended_once_with_its_reason(example_repo):
    session = Session(example_repo)
    register = session.open("register.toml")
    before = (example_repo / "register.toml").read_text(encoding="utf-8")
    message = allow(register, " Northmoor Road ", "A road name that identifies no one")
    with pytest.raises(ValueError, match="already allowed"):
        allow(register, "Northmoor Road", "again")
    with pytest.raises(ValueError, match="needs a reason"):
        allow(register, "Elm", " ")
    with pytest.raises(ValueError, match="no text"):
        allow(register, " ", "why")
    _save(register, message)
    assert message == "Register: 1 residual candidate allowed"
    assert git("log", "-1", "--format=%s", cwd=example_repo).strip() == message
    after = (example_repo / "register.toml").read_text(encoding="utf-8")
    added = 'text = "Northmoor Road"\nreason = "A road name that identifies no one"\n'
    assert after == before + f"[[allow]]\n{added}"  # the rest of the file, byte for byte


def test_an_entry_gets_the_next_id_and_the_commit_does_not_name_it(example_repo):
    session = Session(example_repo)
    register = session.open("register.toml")
    ids = IdsInUse(load(example_repo).model, session)
    ident, message = add_entry(register, ids, "person", " Dana Whitlock ", "Neighbour", "other")
    assert (ident, message) == ("P-16", "Register: person P-16 added")
    second, _ = add_entry(register, ids, "place", "Elm Court", "The flats")
    assert second == "PL-07"
    _save(register, message)
    log = git("log", "-1", "--format=%B", cwd=example_repo)
    assert "Dana" not in log and "Elm" not in log
    model = load(example_repo).model
    dana = next(p for p in model.register.people if p.id == "P-16")
    assert (dana.name, dana.label, dana.role, dana.aliases) == (
        "Dana Whitlock",
        "Neighbour",
        "other",
        [],
    )


@pytest.mark.parametrize(
    "kind, name, label, says",
    [
        ("surname", "Hartley", "H", "cannot add a surname"),
        ("person", " ", "Neighbour", "no name"),
        ("person", "Dana", " ", "publication label"),
    ],
)
def test_an_entry_needs_a_kind_a_name_and_a_label(example_repo, kind, name, label, says):
    register = Session(example_repo).open("register.toml")
    with pytest.raises(ValueError, match=says):
        add_entry(register, None, kind, name, label)
