"""Reading glossaries (CSV, TSV, YAML) from real files, the merge of the config dir's, the
working folder's and the --glossary file's, and bad files named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import DataFileError
from workbench.io.glossary import glossary_files, load_glossary, load_run_glossary


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def pairs(entries: list) -> list[tuple[str, str, str | None]]:
    return [(e.source, e.target, e.style) for e in entries]


def test_csv_tsv_and_yaml_read_the_same_entries(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "g.csv",
        "\ufeffSource,Target,Note,Style\n"
        "# a comment\n"
        'Fluss,river,"the river, always",\n'
        "\n"
        "Fluss,stream,,literal\n"
        "Fährmann,ferryman\n",
    )
    tsv = write(
        tmp_path / "g.tsv",
        "source\ttarget\tnote\tstyle\nFluss\triver\tthe river, always\t\n"
        "Fluss\tstream\t\tliteral\nFährmann\tferryman\n",
    )
    yaml = write(
        tmp_path / "g.yaml",
        "- source: Fluss\n  target: river\n  note: the river, always\n"
        "- {source: Fluss, target: stream, style: literal}\n"
        "- source: Fährmann\n  target: ferryman\n",
    )
    expected = [
        ("Fluss", "river", None),
        ("Fluss", "stream", "literal"),
        ("Fährmann", "ferryman", None),
    ]
    for path in (csv, tsv, yaml):
        entries = load_glossary(path)
        assert pairs(entries) == expected, path
        assert entries[0].note == "the river, always"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "bad-header.csv",
            "source,translation\nFluss,river\n",
            "bad-header.csv:1: header: 'translation' is not a glossary field",
        ),
        ("no-target.csv", "source,note\nFluss,x\n", "no-target.csv:1: header: no 'target' column"),
        (
            "missing-target.csv",
            "source,target\nFluss,river\nDorf,\n",
            "missing-target.csv:3: target: missing",
        ),
        ("missing-target.tsv", "source\ttarget\nFluss\n", "missing-target.tsv:2: target: missing"),
        (
            "too-many.csv",
            "source,target\nFluss,river,extra\n",
            "too-many.csv:2: 3 fields, but the header names 2",
        ),
        (
            "twice.csv",
            "source,target\nFluss,river\nfluss,stream\n",
            "twice.csv:3: 'fluss' is given twice (first on line 2)",
        ),
        (
            "twice.yaml",
            "- source: Fluss\n  target: river\n- source: Dorf\n  target: village\n"
            "- target: stream\n  source: fluss\n",
            "twice.yaml:5: 'fluss' is given twice (first on line 1)",
        ),
        (
            "missing-source.yaml",
            "- source: Fluss\n  target: river\n- target: stream\n",
            "missing-source.yaml:3: source: missing",
        ),
        ("quote.csv", 'source,target\n"Fluss,river\n', "quote.csv:2: not valid CSV"),
        ("empty.csv", "", "empty.csv: empty: the first line is the header"),
        ("bad.yaml", "- source: Fluss\n  target: [river\n", "bad.yaml:3: YAML syntax error"),
        (
            "missing.yaml",
            "- source: Fluss\n  target: river\n- source: Dorf\n",
            "missing.yaml:3: target: missing",
        ),
        (
            "extra.yaml",
            "- source: Fluss\n  target: river\n  colour: blue\n",
            "extra.yaml:3: colour: not a glossary field",
        ),
        ("mapping.yaml", "Fluss: river\n", "mapping.yaml: expected a list of entries"),
        (
            "nested.yaml",
            "- source: Fluss\n  target:\n    - river\n",
            "nested.yaml:2: target: must be text",
        ),
        (
            "glossary.txt",
            "source,target\n",
            "glossary.txt: a glossary is a .csv, .tsv, .yaml or .yml file",
        ),
    ],
)
def test_a_bad_file_is_named_with_its_line_and_field(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(DataFileError) as caught:
        load_glossary(path)
    assert caught.value.message.startswith(str(tmp_path / message)), caught.value.message


def test_the_working_folder_wins_over_the_config_dir_and_the_option_over_both(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    config = isolated_dirs / "config"
    write(
        config / "glossary.yaml",
        "- {source: Fluss, target: river}\n- {source: Dorf, target: village}\n"
        "- {source: Stadt, target: city}\n",
    )
    folder = tmp_path / "project"
    folder.mkdir()
    write(
        folder / ".workbench-glossary.csv",
        "source,target,style\nfluss,stream,\nDorf,hamlet,\nDorf,thorp,literal\n",
    )
    option = write(tmp_path / "run.tsv", "source\ttarget\nDORF\tsettlement\n")
    assert pairs(load_run_glossary(None, folder)) == [
        ("fluss", "stream", None),
        ("Dorf", "hamlet", None),
        ("Stadt", "city", None),
        ("Dorf", "thorp", "literal"),
    ]
    assert pairs(load_run_glossary(str(option), folder)) == [
        ("fluss", "stream", None),
        ("DORF", "settlement", None),
        ("Stadt", "city", None),
        ("Dorf", "thorp", "literal"),
    ]
    assert pairs(load_run_glossary(None, tmp_path)) == [
        ("Fluss", "river", None),
        ("Dorf", "village", None),
        ("Stadt", "city", None),
    ]


def test_two_default_glossaries_in_one_folder_are_an_error(tmp_path: Path) -> None:
    write(tmp_path / ".workbench-glossary.csv", "source,target\n")
    write(tmp_path / ".workbench-glossary.yml", "[]\n")
    with pytest.raises(DataFileError, match="two glossaries in one folder"):
        glossary_files(None, tmp_path)


def test_no_glossary_anywhere_is_an_empty_one(tmp_path: Path) -> None:
    assert load_run_glossary(None, tmp_path) == []
    with pytest.raises(DataFileError, match="no such file"):
        load_run_glossary(str(tmp_path / "missing.csv"), tmp_path)


def test_yaml_values_are_the_text_as_written(tmp_path: Path) -> None:
    """YAML reads 007 as 7, 1:30 as 90, 0x1F as 31 and no as false: a glossary's fields are
    text, so each is taken as it was written."""
    path = write(
        tmp_path / "g.yaml",
        "- source: 007\n  target: Bond\n"
        "- source: halb zwei\n  target: 1:30\n"
        "- {source: 0x1F, target: 1e3}\n"
        "- source: nein\n  target: no\n  note: 3.10\n",
    )
    assert [(e.source, e.target) for e in load_glossary(path)] == [
        ("007", "Bond"),
        ("halb zwei", "1:30"),
        ("0x1F", "1e3"),
        ("nein", "no"),
    ]
    assert load_glossary(path)[3].note == "3.10"


def test_yaml_dates_are_the_text_as_written(tmp_path: Path) -> None:
    """YAML reads 2024-05-01 as a date: a glossary's date is text, as written."""
    path = write(
        tmp_path / "g.yaml",
        "- source: 1. Mai 2024\n  target: 2024-05-01\n"
        "- source: Mondlandung\n  target: 1969-07-20 20:17:40Z\n",
    )
    assert [(e.source, e.target) for e in load_glossary(path)] == [
        ("1. Mai 2024", "2024-05-01"),
        ("Mondlandung", "1969-07-20 20:17:40Z"),
    ]


def test_a_line_break_of_unicode_inside_a_csv_field_ends_no_line(tmp_path: Path) -> None:
    """Only CR and LF end a CSV line: a note holding U+2028, NEL or a form feed is one field
    (its white space made one space), and the lines after it keep their numbers."""
    path = write(
        tmp_path / "g.csv",
        "source,target,note\nFluss,river,a note\u2028more\nDorf,village,x\x85y\x0cz\n",
    )
    assert [(e.source, e.target, e.note) for e in load_glossary(path)] == [
        ("Fluss", "river", "a note more"),
        ("Dorf", "village", "x y z"),
    ]
    bad = write(tmp_path / "bad.csv", "source,target\nFluss,river\u2028\nDorf,village\nStadt,\n")
    with pytest.raises(DataFileError) as caught:
        load_glossary(bad)
    assert caught.value.message.startswith(f"{bad}:4: target: missing"), caught.value.message


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "esc.csv",
            "source,target\nFluss,riv\x1b[31mer\n",
            "esc.csv:2: target: a control character (U+001B)",
        ),
        (
            "bel.tsv",
            "source\ttarget\tnote\nFluss\triver\ta\x07b\n",
            "bel.tsv:2: note: a control character (U+0007)",
        ),
        (
            "c1.csv",
            "source,target\nFlu\x9bss,river\n",
            "c1.csv:2: source: a control character (U+009B)",
        ),
        (
            "bidi.csv",
            "source,target\nFluss,ri\u202ever\n",
            "bidi.csv:2: target: a control character (U+202E)",
        ),
        (
            "esc.yaml",
            '- source: Fluss\n  target: river\n- source: Dorf\n  target: "vil\\e[2Jlage"\n',
            "esc.yaml:4: target: a control character (U+001B)",
        ),
        (
            "style.csv",
            "source,target,style\nFluss,river,ros\x1bner\n",
            "style.csv:2: style: a control character (U+001B)",
        ),
    ],
)
def test_a_control_character_in_a_field_is_named(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    """Every place a term is shown drops control characters (an escape sequence whole): a
    term holding one would be shown as another word, reported missing beside that very word."""
    path = write(tmp_path / name, text)
    with pytest.raises(DataFileError) as caught:
        load_glossary(path)
    assert caught.value.message.startswith(str(tmp_path / message)), caught.value.message


def test_a_yaml_date_keeps_its_written_form(tmp_path: Path) -> None:
    path = write(
        tmp_path / "g.yaml",
        "- source: 9. November 1989\n  target: 1989-11-09\n"
        "- {source: Mauerfall, target: 2001-12-14 21:59:43.10 -5}\n",
    )
    assert [e.target for e in load_glossary(path)] == ["1989-11-09", "2001-12-14 21:59:43.10 -5"]
