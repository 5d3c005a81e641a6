"""Commands that meet a bad path, a full disk or a damaged file end with one clear line and a
non-zero exit, naming the path or the line, and change nothing."""

import datetime as dt
import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from registry.models import Organization
from tests.importers.conftest import PAIRS, census, run_import
from tests.test_tasks import ROOT, database_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def table_census():
    return census


def one_line(exc: CommandError) -> str:
    message = str(exc)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_export_into_a_path_under_a_file_names_it(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(CommandError) as refused:
        call_command("export_csv", str(tmp_path / "file" / "dump"))
    assert str(tmp_path / "file") in one_line(refused.value)


def test_export_makes_a_directory_that_does_not_exist(tmp_path):
    call_command("export_csv", str(tmp_path / "new" / "dump"), verbosity=0)
    assert (tmp_path / "new" / "dump" / "manifest.json").exists()


@pytest.fixture
def read_only_directory(tmp_path):
    """A directory nobody may write to: by its mode, or (root ignores modes) a read-only mount."""
    directory = tmp_path / "read-only"
    directory.mkdir()
    if os.geteuid() != 0:
        directory.chmod(0o555)
        yield directory
        directory.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(directory)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a read-only file system here: {mounted.stderr.decode()}")
    yield directory
    subprocess.run(["umount", str(directory)], check=True)


def test_export_into_a_read_only_directory_names_it(read_only_directory):
    with pytest.raises(CommandError) as refused:
        call_command("export_csv", str(read_only_directory / "dump"))
    message = one_line(refused.value)
    assert str(read_only_directory / "dump") in message
    assert "Read-only file system" in message or "Permission denied" in message


def limit_file_size():
    """In the child: files may not grow past 4 kB, as on a disk that is full (SIGXFSZ ignored,
    so the write fails with EFBIG instead of killing the process)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.django_db(transaction=True)
def test_export_onto_a_full_disk_is_one_line_and_leaves_no_partial_dump(tmp_path):
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23))
    dump = tmp_path / "dump"
    done = subprocess.run(
        [sys.executable, "manage.py", "export_csv", str(dump)],
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=database_url()),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit_file_size,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "File too large" in lines[0] and str(dump / "organizations.csv") in lines[0]
    assert list(dump.iterdir()) == []  # no partial dump left to be mistaken for one


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_export_onto_a_device_with_no_space_left_is_one_line(tmp_path):
    """A real ENOSPC: the first file of the dump is /dev/full, where every write fails with
    "No space left on device"."""
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "organizations.csv").symlink_to("/dev/full")
    with pytest.raises(CommandError) as refused:
        call_command("export_csv", str(dump), "--overwrite", verbosity=0)
    message = one_line(refused.value)
    assert message.startswith(f"{dump / 'organizations.csv'}: No space left on device"), message
    assert list(dump.iterdir()) == []  # nothing left that looks like a dump


def test_an_import_of_a_directory_says_so(tmp_path, table_census):
    before = table_census()
    with pytest.raises(CommandError) as refused:
        call_command("import_list", "un-xml", str(tmp_path))
    assert one_line(refused.value) == f"{tmp_path}: a directory; name the list file in it"
    assert table_census() == before


def test_an_import_file_with_a_nul_byte_names_its_line(tmp_path, table_census):
    lines = (PAIRS / "sdn_2021-11-23.csv").read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b"SHINRIKYO", b"SHIN\x00RIKYO", 1).replace(b",", b",\x00", 1)
    damaged = tmp_path / "sdn.csv"
    damaged.write_bytes(b"\n".join(lines))
    before = table_census()
    with pytest.raises(CommandError) as refused:
        call_command("import_list", "ofac-sdn-csv", str(damaged), "--as-of", "2021-11-23")
    assert "sdn.csv: line 5: a NUL byte (0x00)" in one_line(refused.value)
    assert table_census() == before


@pytest.mark.parametrize(
    "override", ["U+202D LEFT-TO-RIGHT OVERRIDE", "U+202E RIGHT-TO-LEFT OVERRIDE"]
)
def test_a_name_with_a_bidi_override_is_refused_naming_its_line(tmp_path, table_census, override):
    char = chr(int(override[2:6], 16))
    text = (PAIRS / "sdn_2021-11-23.csv").read_text(encoding="utf-8")
    damaged = tmp_path / "sdn.csv"
    damaged.write_text(text.replace("AUM SHINRIKYO", f"AUM {char}OYKIRNIHS", 1), encoding="utf-8")
    before = table_census()
    with pytest.raises(CommandError) as refused:
        call_command("import_list", "ofac-sdn-csv", str(damaged), "--as-of", "2021-11-23")
    message = one_line(refused.value)
    assert "sdn.csv: line 4: entry 4691" in message and override in message
    assert table_census() == before


# The other bidirectional controls (embeddings U+202A/B with their pop U+202C, isolates
# U+2066-2068 with their pop U+2069) only group text; lists wrap right-to-left names in them.
KEPT_BIDI = "\u202aAUM\u202c \u202bSHIN\u202c\u2066RI\u2069\u2067KY\u2069\u2068O\u2069"


def test_bidi_embeddings_and_isolates_are_kept_as_written(tmp_path, api):
    text = (PAIRS / "sdn_2021-11-23.csv").read_text(encoding="utf-8")
    wrapped = tmp_path / "sdn.csv"
    wrapped.write_text(text.replace("AUM SHINRIKYO", KEPT_BIDI, 1), encoding="utf-8")
    call_command("import_list", "ofac-sdn-csv", str(wrapped), "--as-of", "2021-11-23", verbosity=0)
    assert Organization.objects.filter(name=KEPT_BIDI).count() == 1  # every control kept
    found = api.get("/api/v1/organizations/", {"q": "aum shinrikyo"}).json()["results"]
    assert [item["name"] for item in found] == [KEPT_BIDI]  # the search key ignores them


def test_a_dump_cell_with_a_nul_byte_names_its_file_and_line(tmp_path, table_census):
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23))
    dump = tmp_path / "dump"
    call_command("export_csv", str(dump), verbosity=0)
    aliases = dump / "aliases.csv"
    rows = aliases.read_bytes().split(b"\r\n")
    rows[3] = rows[3].replace(b",", b",\x00", 1)
    aliases.write_bytes(b"\r\n".join(rows))
    manifest = json.loads((dump / "manifest.json").read_text())
    for entry in manifest["tables"]:
        if entry["file"] == "aliases.csv":  # the manifest vouches for the damaged file
            entry["sha256"] = hashlib.sha256(aliases.read_bytes()).hexdigest()
    (dump / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError) as refused:
        call_command("import_csv", str(dump), "--force")
    assert "aliases.csv: line 4: column" in one_line(refused.value)
    assert "NUL byte" in str(refused.value)
    assert Organization.objects.count() == 78  # the registry as it was


def test_restoring_a_directory_that_does_not_exist_names_it(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("import_csv", str(tmp_path / "nowhere"))
    assert str(tmp_path / "nowhere") in one_line(refused.value)


def test_the_commands_print_one_line_not_a_traceback(tmp_path):
    missing = Path(tmp_path / "nowhere")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_list", "un-xml", str(missing)],
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=database_url()),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"CommandError: {missing}: no such file"


@pytest.mark.parametrize("dry_run", [["--dry-run"], []])
def test_an_import_into_a_database_not_migrated_is_one_line(tmp_path, dry_run):
    """`migrate` not run yet: the dry run printed the database's traceback."""
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_list",
            "ofac-sdn-csv",
            str(PAIRS / "sdn_2021-12-02.csv"),
        ]
        + ["--as-of", "2021-12-02", *dry_run],
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("CommandError: sdn_2021-12-02.csv: the database ")
    assert "nothing was written" in done.stderr
