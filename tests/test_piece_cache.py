"""The piece cache on its own: what one build keeps is what the next one reads, under the same
salt only; a value that cannot be written costs the next build its time, never a traceback."""

from __future__ import annotations

import json

from scrtui.publish.piece_cache import PieceCache, text_key


def test_what_one_build_keeps_the_next_reads_under_the_same_salt_only(tmp_path):
    first = PieceCache(tmp_path, "step", "register 1")
    assert first.get(text_key("a piece")) is None
    first.put(text_key("a piece"), [["name", "Child A", 3]])
    first.save()
    again = PieceCache(tmp_path, "step", "register 1")
    assert again.get(text_key("a piece")) == [["name", "Child A", 3]]
    assert (again.hits, again.misses) == (1, 0)
    other = PieceCache(tmp_path, "step", "register 2")  # another register: another file
    assert other.get(text_key("a piece")) is None
    assert other.path != again.path


def test_a_piece_not_used_by_a_build_is_not_kept(tmp_path):
    first = PieceCache(tmp_path, "step")
    first.put("old", 1)
    first.put("kept", 2)
    first.save()
    second = PieceCache(tmp_path, "step")
    assert second.get("kept") == 2
    second.put("new", 3)
    second.save()
    assert json.loads(second.path.read_text("utf-8"))["pieces"] == {"kept": 2, "new": 3}


def test_a_value_utf8_cannot_hold_is_not_kept_and_raises_nothing(tmp_path):
    cache = PieceCache(tmp_path, "step")
    cache.put(text_key("odd \udcff"), [["name", "odd \udcff", 0]])
    cache.save()  # nothing raised
    assert PieceCache(tmp_path, "step").get(text_key("odd \udcff")) is None


def test_without_a_folder_nothing_is_read_or_written(tmp_path):
    cache = PieceCache(None, "step")
    cache.put("a", 1)
    cache.save()
    assert cache.path is None and cache.get("a") is None
