"""Empty, cut, malformed and malicious files: a clear error, and the database exactly as before."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from registry.models import Organization

from .conftest import ENHANCED_XML, OFAC_XML, PAIRS, SDN_2024, UN_XML, run_import

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<CONSOLIDATED_LIST dateGenerated="2024-09-26T00:00:00Z"><ENTITIES><ENTITY>
<FIRST_NAME>&lol9;</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
<REFERENCE_NUMBER>QDe.999</REFERENCE_NUMBER></ENTITY></ENTITIES></CONSOLIDATED_LIST>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE sdnList [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sdnList><publshInformation><Publish_Date>05/06/2024</Publish_Date></publshInformation>
<sdnEntry><uid>1</uid><lastName>&xxe;</lastName><sdnType>Entity</sdnType>
<programList><program>SDGT</program></programList></sdnEntry></sdnList>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE sanctionsData SYSTEM "http://127.0.0.1:9/evil.dtd">
<sanctionsData><publicationInfo><dataAsOf>2024-08-28T00:00:00</dataAsOf></publicationInfo>
</sanctionsData>
"""

UNDECLARED_ENTITY = b"""<?xml version="1.0"?>
<sdnList><publshInformation><Publish_Date>05/06/2024</Publish_Date></publshInformation>
<sdnEntry><uid>1</uid><lastName>&xxe;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>
"""


def import_command(format, path, *args):
    call_command("import_list", format, str(path), *args)


@pytest.fixture
def registry_before(table_census):
    """The registry holds an earlier import; every refused file must leave it exactly so."""
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23))
    counts = table_census()
    yield counts
    assert table_census() == counts


def cut(source, tmp_path, name, fraction=0.5, at=None):
    data = source.read_bytes()
    end = at if at is not None else int(len(data) * fraction)
    target = tmp_path / name
    target.write_bytes(data[:end])
    return target


def test_an_empty_file_is_refused(registry_before, tmp_path):
    empty = tmp_path / "sdn.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="the file is empty"):
        import_command("ofac-sdn-csv", empty, "--as-of", "2024-05-04")


def test_a_csv_cut_mid_row_names_the_line(registry_before, tmp_path):
    data = SDN_2024.read_bytes()
    middle = data.index(b"\r\n", len(data) // 2) - 20  # inside a row
    path = cut(SDN_2024, tmp_path, "sdn.csv", at=middle)
    with pytest.raises(CommandError, match=r"sdn\.csv: line \d+") as error:
        import_command("ofac-sdn-csv", path, "--as-of", "2024-05-03")
    assert "nothing was imported" in str(error.value)


def test_a_csv_cut_at_a_line_end_is_caught_by_the_missing_end_byte(registry_before, tmp_path):
    data = SDN_2024.read_bytes()
    path = cut(SDN_2024, tmp_path, "sdn.csv", at=data.index(b"\r\n", len(data) // 2) + 2)
    with pytest.raises(CommandError, match="does not end with OFAC's end-of-file byte"):
        import_command("ofac-sdn-csv", path, "--as-of", "2024-05-03")


def test_forced_a_csv_cut_at_a_line_end_is_still_refused_when_it_is_short(
    registry_before, tmp_path
):
    """--force reads a CSV without its end byte as whole, but not when it also holds far fewer
    entities than the registry holds from the list: that is a cut file, whose missing entries
    --force would revoke."""
    source = PAIRS / "sdn_2021-12-02.csv"
    data = source.read_bytes()
    path = cut(source, tmp_path, "sdn.csv", at=data.index(b"\r\n", len(data) // 3) + 2)
    with pytest.raises(CommandError) as error:
        import_command("ofac-sdn-csv", path, "--as-of", "2021-12-02", "--force")
    message = str(error.value)
    assert "more than 20% fewer" in message and "--force does not import it" in message


def test_an_xml_file_given_as_a_csv_says_so(registry_before, tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_bytes(UN_XML.read_bytes())
    with pytest.raises(CommandError, match="line 1: this is an XML file, not OFAC's CSV"):
        import_command("ofac-sdn-csv", path, "--as-of", "2024-05-03")


def test_a_csv_row_with_missing_fields_names_the_line(registry_before, tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_bytes(b'1,"A",-0- ,"SDGT",-0- \r\n\x1a')
    with pytest.raises(CommandError, match=r"line 1: expected 12 fields, found 5"):
        import_command("ofac-sdn-csv", path, "--as-of", "2024-05-03")


def test_csv_needs_as_of():
    with pytest.raises(CommandError, match="--as-of"):
        import_command("ofac-sdn-csv", SDN_2024)


@pytest.mark.parametrize(
    ("format", "source"),
    [("ofac-xml", OFAC_XML), ("ofac-enhanced-xml", ENHANCED_XML), ("un-xml", UN_XML)],
)
def test_xml_cut_mid_element_names_the_line(registry_before, tmp_path, format, source):
    path = cut(source, tmp_path, source.name, fraction=0.6)
    with pytest.raises(CommandError, match=rf"{source.name}: line \d+: .*cut or malformed"):
        import_command(format, path)


def test_a_wrong_root_element_is_named(registry_before):
    with pytest.raises(CommandError, match=r"wrong root element <CONSOLIDATED_LIST>"):
        import_command("ofac-xml", UN_XML)


def test_billion_laughs_is_refused_before_parsing(registry_before, tmp_path):
    path = tmp_path / "consolidated.xml"
    path.write_bytes(BILLION_LAUGHS)
    with pytest.raises(CommandError, match="declares a DOCTYPE"):
        import_command("un-xml", path)


def test_xxe_reads_nothing(registry_before, tmp_path):
    path = tmp_path / "sdn.xml"
    path.write_bytes(XXE)
    with pytest.raises(CommandError, match="declares a DOCTYPE") as error:
        import_command("ofac-xml", path)
    assert "root:" not in str(error.value)
    assert not Organization.objects.filter(name__contains="root:").exists()


def test_an_external_dtd_is_not_fetched(registry_before, tmp_path):
    path = tmp_path / "sdn_enhanced.xml"
    path.write_bytes(EXTERNAL_DTD)
    with pytest.raises(CommandError, match="declares a DOCTYPE"):
        import_command("ofac-enhanced-xml", path)


def test_an_undeclared_entity_is_a_parse_error(registry_before, tmp_path):
    path = tmp_path / "sdn.xml"
    path.write_bytes(UNDECLARED_ENTITY)
    with pytest.raises(CommandError, match=r"line 3: Entity 'xxe' not defined"):
        import_command("ofac-xml", path)


def test_files_above_the_size_limit_are_refused_unread(registry_before):
    with pytest.raises(CommandError, match="above the 1,000-byte limit"):
        import_command("un-xml", UN_XML, "--max-bytes", "1000")


def test_a_record_count_that_does_not_match_is_refused(registry_before, tmp_path):
    path = tmp_path / "consolidated.xml"
    path.write_bytes(OFAC_XML.read_bytes().replace(b"<Record_Count>13<", b"<Record_Count>14<", 1))
    with pytest.raises(CommandError, match="Record_Count> says 14 entries but the file holds 13"):
        import_command("ofac-xml", path)
