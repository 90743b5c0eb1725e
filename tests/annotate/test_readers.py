"""Reading inputs: UTF-16/UTF-32 with a BOM decoded to the exact text, offsets in code points of
that text, and line ends only where the formats put them."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from annotate.errors import ImportFailed
from annotate.formats.discover import parse_inputs
from annotate.formats.reading import decode_input
from store import open_project
from tests.cli.helpers import cli
from tests.conftest import ARABIC_TEXT, COMBINING_TEXT, EMOJI_TEXT

TEXTS = [EMOJI_TEXT, ARABIC_TEXT, COMBINING_TEXT, "Kerry met Putin in Moscow.\r\nSecond line\n"]
WIDE = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]
BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


def with_bom(text: str, encoding: str) -> bytes:
    return BOMS[encoding] + text.encode(encoding)


@pytest.mark.parametrize("encoding", WIDE)
@pytest.mark.parametrize("text", TEXTS, ids=["emoji", "arabic", "combining", "crlf"])
def test_a_bom_selects_the_encoding_and_the_text_is_exact(text: str, encoding: str) -> None:
    decoded = decode_input(Path("a.txt"), with_bom(text, encoding))
    assert decoded.text == text  # the BOM is not part of it; nothing else changes
    assert (decoded.encoding, decoded.bom, decoded.bom_shift) == (encoding, True, 0)


def test_utf8_with_and_without_bom_as_before() -> None:
    assert decode_input(Path("a"), "\ufeffKerry".encode()).text == "Kerry"
    assert decode_input(Path("a"), "\ufeffKerry".encode()).bom_shift == 1  # brat counted it
    assert decode_input(Path("a"), b"Kerry").bom is False


def test_nul_bytes_without_a_bom() -> None:
    with pytest.raises(ImportFailed, match=r"a\.txt: looks like UTF-16 \(little-endian\) text without a byte order mark"):
        decode_input(Path("a.txt"), "Kerry met Putin in Moscow.".encode("utf-16-le"))
    with pytest.raises(ImportFailed, match=r"a\.txt: is a binary file"):
        decode_input(Path("a.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    with pytest.raises(ImportFailed, match=r"its UTF-16 text contains NUL characters"):
        decode_input(Path("a.txt"), with_bom("Kerry\x00met", "utf-16-le"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_txt_imports_and_round_trips(encoding: str, tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    paths = []
    for i, text in enumerate(TEXTS):
        paths.append(tmp_path / f"{i}.txt")
        paths[-1].write_bytes(with_bom(text, encoding))
    result = cli("import", project, *paths)
    assert result.exit_code == 0, result.stderr
    with open_project(project, readonly=True) as store:
        stored = [store.document(i).text for i in store.document_ids()]
    assert stored == TEXTS
    # Out as brat and back in: the same text, byte for byte as Annotary keeps it (UTF-8).
    out = tmp_path / "brat"
    assert cli("export", project, out, "--format", "brat", "--status", "all").exit_code == 0
    again = tmp_path / "again.annotary"
    assert cli("import", again, out).exit_code == 0
    with open_project(again, readonly=True) as store:
        assert sorted(store.document(i).text for i in store.document_ids()) == sorted(TEXTS)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_brat_offsets_count_code_points_of_the_decoded_text(encoding: str, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    text = EMOJI_TEXT + "\n" + ARABIC_TEXT
    (folder / "a.txt").write_bytes(with_bom(text, encoding))
    beira = text.index("Beira 🙏")
    cairo = text.index("القاهرة")
    ann = f"T1\tGPE {beira} {beira + 7}\tBeira 🙏\nT2\tGPE {cairo} {cairo + 7}\tالقاهرة\n"
    (folder / "a.ann").write_bytes(with_bom(ann, encoding))  # the .ann may be UTF-16 too
    batch = parse_inputs([folder])
    (doc,) = batch.documents
    assert doc.text == text
    assert [(doc.text[s.start:s.end], s.label) for s in doc.spans] == [("Beira 🙏", "GPE"), ("القاهرة", "GPE")]


def test_brat_utf8_bom_still_shifts(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a.txt").write_bytes("\ufeffKerry met Putin.".encode())
    (folder / "a.ann").write_text("T1\tPERSON 1 6\tKerry\n", encoding="utf-8")  # brat counted the BOM
    (doc,) = parse_inputs([folder]).documents
    assert (doc.spans[0].start, doc.spans[0].end) == (0, 5)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_jsonl_offsets_are_code_points(encoding: str, tmp_path: Path) -> None:
    beira = EMOJI_TEXT.index("Beira 🙏")
    cairo = ARABIC_TEXT.index("القاهرة")
    lines = [
        json.dumps({"text": EMOJI_TEXT, "spans": [{"start": beira, "end": beira + 7, "label": "GPE"}]}, ensure_ascii=False),
        json.dumps({"text": ARABIC_TEXT, "spans": [{"start": cairo, "end": cairo + 7, "label": "GPE"}]}, ensure_ascii=False),
    ]
    path = tmp_path / "t.jsonl"
    path.write_bytes(with_bom("\n".join(lines) + "\n", encoding))
    docs = parse_inputs([path]).documents
    assert [d.text[d.spans[0].start:d.spans[0].end] for d in docs] == ["Beira 🙏", "القاهرة"]


def test_jsonl_strings_may_hold_unicode_line_separators(tmp_path: Path) -> None:
    """U+2028, U+0085 and a form feed are not line ends in JSON Lines (str.splitlines says
    they are, and split a valid task in two)."""
    text = "Kerry met Putin.\u2028Then\u0085Lavrov\x0cspoke."
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"text": text, "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}, ensure_ascii=False)
                    + "\r\n" + json.dumps({"text": "Second task."}) + "\n", encoding="utf-8")
    docs = parse_inputs([path]).documents
    assert [d.text for d in docs] == [text, "Second task."]


def test_brat_covered_text_may_hold_unicode_line_separators(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    text = "Kerry\u2028Putin met\x0cin Moscow."
    (folder / "a.txt").write_text(text, encoding="utf-8", newline="")
    (folder / "a.ann").write_text("T1\tPERSON 0 11\tKerry\u2028Putin\nT2\tGPE 19 25\tMoscow\n", encoding="utf-8", newline="")
    (doc,) = parse_inputs([folder]).documents
    assert [doc.text[s.start:s.end] for s in doc.spans] == ["Kerry\u2028Putin", "Moscow"]


def test_a_link_keeps_the_name_it_was_given(tmp_path: Path) -> None:
    """A link ``a.txt`` to a file of another name is a .txt (it was silently dropped)."""
    target = tmp_path / "notes"
    target.write_text("Kerry met Putin.", encoding="utf-8")
    (tmp_path / "a.txt").symlink_to(target)
    (doc,) = parse_inputs([tmp_path / "a.txt"]).documents
    assert doc.text == "Kerry met Putin." and doc.source.endswith("a.txt")
