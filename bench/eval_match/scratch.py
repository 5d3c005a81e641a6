"""The registry the evaluation screens: a scratch SQLite database under var/, built the way a user
builds one (README.md): migrate, seed, then import the official slices committed in tests/data/
with `manage.py import_list`. Deleted after the run."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SDN_CSV = "tests/data/ofac_sdn_csv_2024-05-03/sdn.csv"
SDN_AS_OF = "2024-05-03"  # the legacy CSV carries no date (tests/data/README.md)
UN_XML = "tests/data/un_sc_consolidated_xml_2024-09-26/consolidated.xml"

COMMANDS = [
    ["migrate", "--noinput", "--verbosity", "0"],
    ["seed"],
    # slices of the lists: --partial, or they look cut (the SDN slice's 79 entities against the
    # seeds' hundred-odd OFAC entries; the UN slice's 15 entries against the seeds' 42 UN listings)
    ["import_list", "ofac-sdn-csv", SDN_CSV, "--as-of", SDN_AS_OF, "--partial"],
    ["import_list", "un-xml", UN_XML, "--partial"],
]


def environment(db: Path) -> dict[str, str]:
    """The settings for the scratch database: production settings (no DEBUG, which would keep
    every SQL query in memory), a throwaway secret key that is never written anywhere."""
    return {
        "DATABASE_URL": f"sqlite:///{db.resolve()}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    }


def remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def build(db: Path, env: dict[str, str]) -> list[dict]:
    """Run COMMANDS on `db`; each command as typed and the first line it printed."""
    remove(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    ran = []
    for command in COMMANDS:
        typed = ["manage.py", *command]
        print("==", "python", " ".join(typed), flush=True)
        done = subprocess.run(
            [sys.executable, *typed],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(
                f"`{' '.join(typed)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}"
            )
        lines = done.stdout.strip().splitlines()
        ran.append({"command": " ".join(typed), "printed": lines[0] if lines else ""})
    return ran
