"""Files written beside the store: whole or not at all."""
import pytest

from kg.store import write_file_atomically


def test_a_file_is_replaced_whole(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    write_file_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "graph.ttl"
    target.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):
        write_file_atomically(target, b"new")
    assert target.is_dir() and [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
