"""manage.py screen: a CSV of typed names screened on the seeded registry; a malformed row is
named by its line and the others are still screened."""

import csv

import pytest
from django.core.management import CommandError, call_command

INPUT = (
    "name,country,as_of\r\n"
    "Hezbolla,,\r\n"
    "Cartel Jalisco Nueva Generacion,MX,\r\n"
    ",MX,\r\n"
    "Hamas,XX,\r\n"
    "ISIS,,2024-13-40\r\n"
    "Tehreek-e-Taliban Pakistan,,2024-03-01\r\n"
)


def test_screen_writes_candidates_and_names_bad_lines(seeded_db, tmp_path, capsys):
    source, target = tmp_path / "names.csv", tmp_path / "results.csv"
    source.write_text(INPUT, encoding="utf-8")
    with pytest.raises(CommandError, match="3 malformed"):
        call_command("screen", str(source), "--out", str(target))
    errors = capsys.readouterr().err
    assert "line 4: name:" in errors
    assert "line 5: country:" in errors
    assert "line 6: as_of:" in errors
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    firsts = {row["line"]: row for row in rows if row["rank"] == "1"}
    assert set(firsts) == {"2", "3", "7"}
    assert firsts["2"]["organization"] == "Hizballah" and firsts["2"]["match"] == "true"
    assert firsts["3"]["organization"].startswith("Cártel de Jalisco")
    assert firsts["7"]["as_of"] == "2024-03-01"
    assert all(row["data_version"] for row in rows)


def test_screen_refuses_a_file_without_a_name_column(db, tmp_path):
    source = tmp_path / "names.csv"
    source.write_text("nom\r\nHamas\r\n", encoding="utf-8")
    with pytest.raises(CommandError, match="`name` column"):
        call_command("screen", str(source), "--out", str(tmp_path / "out.csv"))


def test_a_quote_left_open_or_a_line_not_utf8_spoils_only_its_own_line(seeded_db, tmp_path, capsys):
    source, target = tmp_path / "names.csv", tmp_path / "results.csv"
    source.write_bytes(
        b'name\r\n"Hamas\r\nHezbo\xfflla\r\nHizballah\r\n"Kata\'ib" Hizballah\r\nISIS\r\n'
    )
    with pytest.raises(CommandError, match="3 malformed"):
        call_command("screen", str(source), "--out", str(target))
    errors = capsys.readouterr().err
    assert "line 2: not a CSV row" in errors
    assert "line 3: not UTF-8 text" in errors
    assert "line 5: not a CSV row" in errors
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    firsts = {row["line"]: row["organization"] for row in rows if row["rank"] == "1"}
    assert firsts == {"4": "Hizballah", "6": "ISIS"}
