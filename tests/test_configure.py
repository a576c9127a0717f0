"""configure / XP_CONFIGURE / 'xphone-pricing configure': the cheapest valid licence set for a need.

Every expected figure is computed by hand from the service description and the example prices of the
shipped catalog: SMART SERVER 990 (5 OFFICE included), SERVER 2490, Upg. SMART SERVER>SERVER 1590,
AUTO ATTENDANT 1290, ADDITIONAL DATABASES 690, IP-CHANNEL 149, OFFICE 89, OFFICE PLUS 139,
Upg. OFFICE>OFFICE PLUS 55, FAX 39.90, VOICEMAIL 39.90, TEAMDESK 119, CONTACTS 24.50, DASHBOARD 34.50,
TAPI 19.95; Up2Date 20/38/54/68/80 %, one-time upgrade from release 6 55 %.
"""
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from addin import udfs, xp_functions
from addin.batch.orders import read_orders
from addin.catalog import build_catalog, get_catalog, read_sheets
from addin.cli import cli
from addin.configure import configure, need_key
from addin.errors import BadValue, MissingValue, RuleViolation, UnknownArticle, XPhoneError
from addin.quote import price_quote
from addin.rules import validate
from tests.conftest import SHIPPED

D = Decimal


def assert_clean(c, owned=None):
    """The answer passes every check: validate of its lines reports INFO at most."""
    assert c.ok, c.problem()
    again = validate(c.lines, owned, c.options)
    assert [f for f in again if f.severity != "INFO"] == []
    assert all(f.severity == "INFO" for f in c.findings)


# --------------------------------------------------------------------------- hand-computed answers

@pytest.mark.parametrize("needs, lines, total", [
    # SMART SERVER includes 5 OFFICE users: 4 users need nothing more
    ({"users": 4}, [("SMART_SERVER", 1)], "990.00"),
    ({"users": 5}, [("SMART_SERVER", 1)], "990.00"),
    # at most 20 OFFICE users on a SMART SERVER, the 5 included counted: 990 + 15 × 89
    ({"users": 20}, [("SMART_SERVER", 1), ("OFFICE", 15)], "2325.00"),
    # 21 users: SERVER + 21 × 89 = 2490 + 1869
    ({"users": 21}, [("SERVER", 1), ("OFFICE", 21)], "4359.00"),
    # voicemail needs SERVER and min. 2 IP-CHANNEL: 2490 + 2 × 149 + 10 × 89 + 10 × 39.90
    ({"users": 10, "voicemail": 10}, [("SERVER", 1), ("IP_CHANNEL", 2), ("OFFICE", 10), ("VOICEMAIL", 10)],
     "4077.00"),
    # fax alone (stand-alone fax solution): SERVER + min. 1 IP-CHANNEL: 2490 + 149 + 5 × 39.90
    ({"fax": 5}, [("SERVER", 1), ("IP_CHANNEL", 1), ("FAX", 5)], "2838.50"),
    # 60 voicemail users: 1 IP-CHANNEL per 25 users -> 3: 2490 + 447 + 890 + 60 × 39.90
    ({"users": 10, "voicemail": 60}, [("SERVER", 1), ("IP_CHANNEL", 3), ("OFFICE", 10), ("VOICEMAIL", 60)],
     "6221.00"),
    # SMART SERVER: at most 20 TAPI lines
    ({"tapi": 20}, [("SMART_SERVER", 1), ("TAPI", 20)], "1389.00"),
    ({"tapi": 30}, [("SERVER", 1), ("TAPI", 30)], "3088.50"),
    # TEAMDESK needs OFFICE PLUS per user; the 3 are among the 5 users: 2490 + 2 × 89 + 3 × 139 + 3 × 119
    ({"users": 5, "teamdesk": 3}, [("SERVER", 1), ("OFFICE", 2), ("OFFICE_PLUS", 3), ("TEAMDESK", 3)],
     "3442.00"),
    # the example: voicemail in the mobile app needs OFFICE PLUS; LDAP needs SERVER
    ({"users": 30, "voicemail": 10, "voicemail_in_mobile_app": True, "tapi": 12, "ldap": True,
      "directory_sources": 2},
     [("SERVER", 1), ("IP_CHANNEL", 2), ("OFFICE", 20), ("OFFICE_PLUS", 10), ("VOICEMAIL", 10), ("TAPI", 12)],
     "6596.40"),
    # SMART SERVER directory: at most 3 data sources, no LDAP
    ({"users": 3, "directory_sources": 3}, [("SMART_SERVER", 1)], "990.00"),
    ({"users": 3, "directory_sources": 4}, [("SERVER", 1), ("OFFICE", 3)], "2757.00"),
    ({"users": 3, "ldap": True}, [("SERVER", 1), ("OFFICE", 3)], "2757.00"),
    # SERVER: 10 data sources + 10 per ADDITIONAL DATABASES: 25 -> 2; 2490 + 1380 + 890
    ({"users": 10, "directory_sources": 25}, [("SERVER", 1), ("ADDITIONAL_DATABASES", 2), ("OFFICE", 10)],
     "4760.00"),
    # DASHBOARD extends CONTACTS per user: 4 CONTACTS; 2490 + 890 + 4 × 24.50 + 4 × 34.50
    ({"users": 10, "contacts": 2, "dashboard": 4},
     [("SERVER", 1), ("OFFICE", 10), ("CONTACTS", 4), ("DASHBOARD", 4)], "3616.00"),
    # 1 AUTO ATTENDANT = 20 channels: 45 -> 3, and min. 2 IP-CHANNEL: 2490 + 3870 + 298
    ({"auto_attendant_channels": 45}, [("SERVER", 1), ("AUTO_ATTENDANT", 3), ("IP_CHANNEL", 2)], "6658.00"),
    ({"auto_attendant_channels": 20}, [("SERVER", 1), ("AUTO_ATTENDANT", 1), ("IP_CHANNEL", 2)], "4078.00"),
    # fax in the client: one OFFICE/OFFICE PLUS per FAX user: 7 OFFICE; 2490 + 149 + 623 + 279.30
    ({"users": 3, "fax": 7, "fax_in_client": True}, [("SERVER", 1), ("IP_CHANNEL", 1), ("OFFICE", 7), ("FAX", 7)],
     "3541.30"),
    # SMS notification: one OFFICE/OFFICE PLUS per VOICEMAIL user; 2490 + 298 + 1068 + 478.80
    ({"voicemail": 12, "sms_notification": True},
     [("SERVER", 1), ("IP_CHANNEL", 2), ("OFFICE", 12), ("VOICEMAIL", 12)], "4334.80"),
    # voicemail in the client: same; OFFICE PLUS users count: 2490 + 298 + 2 × 89 + 4 × 139 + 6 × 39.90
    ({"office_plus_users": 4, "voicemail": 6, "voicemail_in_client": True},
     [("SERVER", 1), ("IP_CHANNEL", 2), ("OFFICE", 2), ("OFFICE_PLUS", 4), ("VOICEMAIL", 6)], "3761.40"),
    # OFFICE PLUS needs SERVER: 2490 + 139
    ({"office_plus_users": 1}, [("SERVER", 1), ("OFFICE_PLUS", 1)], "2629.00"),
    # voicemail and auto attendant both ask for 2 IP-CHANNEL: 2 in all; 2490 + 1290 + 298 + 3 × 39.90
    ({"voicemail": 3, "auto_attendant_channels": 12},
     [("SERVER", 1), ("AUTO_ATTENDANT", 1), ("IP_CHANNEL", 2), ("VOICEMAIL", 3)], "4197.70"),
])
def test_hand_computed_answers(needs, lines, total):
    c = configure(needs)
    assert c.lines == lines
    assert c.total == D(total)
    assert c.licence_total == D(total)
    assert_clean(c)


def test_alternatives_show_the_other_server_type():
    c = configure({"users": 20})
    assert c.system == "SMART_SERVER"
    assert [(a.system, a.lines, a.total) for a in c.alternatives] == [
        ("SERVER", [("SERVER", 1), ("OFFICE", 20)], D("4270.00"))]   # 2490 + 20 × 89
    c = configure({"users": 4})
    assert [(a.system, a.total) for a in c.alternatives] == [("SERVER", D("2846.00"))]   # 2490 + 4 × 89


def test_a_server_type_that_cannot_carry_the_needs_says_why():
    c = configure({"users": 21})
    assert c.alternatives == []
    [(label, finding)] = c.unavailable
    assert (label.message("de"), label.message("en"), finding.rule_id) == ("SMART SERVER", "SMART SERVER",
                                                                           "SMART_SERVER_MAX_OFFICE")
    assert "höchstens 20 OFFICE-User" in finding.message("de")
    c = configure({"fax": 1})
    assert [u[1].rule_id for u in c.unavailable] == ["SMART_SERVER_EXCLUDES"]


def test_german_names_give_the_same_answer():
    english = configure({"users": 30, "voicemail": 10, "voicemail_in_mobile_app": True, "tapi": 12,
                         "ldap": True, "directory_sources": 2})
    german = configure([("Benutzer", 30), ("Voicemail", 10), ("Voicemail in der Mobile App", "ja"),
                        ("TAPI-Lines", 12), ("LDAP", "WAHR"), ("Datenquellen", 2)])
    assert german.lines == english.lines and german.total == english.total == D("6596.40")
    assert need_key("Auto-Attendant-Kanäle") == "auto_attendant_channels"
    assert need_key("SMS-Benachrichtigung") == "sms_notification"


def test_unstated_usage_options_are_taken_as_not_needed():
    c = configure({"users": 3})
    assert c.options == {"directory_sources": 0, "ldap": False, "fax_in_client": False,
                         "voicemail_in_client": False, "voicemail_in_mobile_app": False, "sms_notification": False,
                         "other_uc_systems": False}
    assert [f.rule_id for f in c.findings] == ["SMART_SERVER_INCLUDES_OFFICE"]


def test_no_need_no_article():
    c = configure({})
    assert (c.lines, c.total, c.ok) == ([], D("0"), True)


# --------------------------------------------------------------------------- owned systems

def test_owned_smart_server_still_enough():
    c = configure({"users": 20}, owned={"SMART_SERVER": 1, "OFFICE": 10})
    assert (c.lines, c.total, c.system) == ([("OFFICE", 5)], D("445.00"), "SMART_SERVER")
    # the upgrade as the alternative: 1590 + 5 × 89
    assert [(a.system, a.lines, a.total) for a in c.alternatives] == [
        ("SERVER", [("UPG_SMART_SERVER", 1), ("OFFICE", 5)], D("2035.00"))]
    assert_clean(c, {"SMART_SERVER": 1, "OFFICE": 10})


def test_owned_smart_server_upgraded_when_it_no_longer_carries_the_needs():
    owned = [("SMART_SERVER", 1), ("OFFICE", 10)]
    c = configure({"users": 25}, owned=owned)
    assert (c.lines, c.total) == ([("UPG_SMART_SERVER", 1), ("OFFICE", 10)], D("2480.00"))  # 1590 + 890
    [(label, finding)] = c.unavailable
    assert label.message("de") == "SMART SERVER (vorhanden)" and finding.rule_id == "SMART_SERVER_MAX_OFFICE"
    assert_clean(c, owned)
    c = configure({"users": 15, "voicemail": 5}, owned=owned)   # 1590 + 298 + 5 × 39.90
    assert (c.lines, c.total) == ([("UPG_SMART_SERVER", 1), ("IP_CHANNEL", 2), ("VOICEMAIL", 5)], D("2087.50"))


def test_every_owned_smart_server_is_upgraded():
    # 2 × 1590 + (25 − 10 included) × 89
    c = configure({"users": 25}, owned={"SMART_SERVER": 2})
    assert (c.lines, c.total) == ([("UPG_SMART_SERVER", 2), ("OFFICE", 15)], D("4515.00"))
    assert_clean(c, {"SMART_SERVER": 2})


def test_the_included_office_users_of_an_owned_smart_server_are_upgraded_to_office_plus():
    c = configure({"office_plus_users": 5}, owned={"SMART_SERVER": 1})
    # 1590 + 5 × 55 instead of 5 × 139 new OFFICE PLUS
    assert (c.lines, c.total) == ([("UPG_SMART_SERVER", 1), ("UPG_OFFICE_PLUS", 5)], D("1865.00"))
    assert_clean(c, {"SMART_SERVER": 1})


def test_the_cheapest_mix_of_office_plus_and_upgrades_of_owned_office():
    # 12 users, 3 of them OFFICE PLUS, owning SERVER + 10 OFFICE:
    # 1 upgrade + 2 OFFICE PLUS = 55 + 278 = 333 (3 upgrades + 2 OFFICE = 343, 3 OFFICE PLUS = 417)
    c = configure({"users": 12, "office_plus_users": 3}, owned={"SERVER": 1, "OFFICE": 10})
    assert (c.lines, c.total) == ([("OFFICE_PLUS", 2), ("UPG_OFFICE_PLUS", 1)], D("333.00"))
    assert_clean(c, {"SERVER": 1, "OFFICE": 10})
    # 10 users, 3 TEAMDESK: 3 upgrades (165) + 3 × 119
    c = configure({"users": 10, "teamdesk": 3}, owned={"SERVER": 1, "OFFICE": 10})
    assert (c.lines, c.total) == ([("UPG_OFFICE_PLUS", 3), ("TEAMDESK", 3)], D("522.00"))


def test_a_new_system_never_gets_an_upgrade_article():
    # a new SMART SERVER + Upg. SMART SERVER>SERVER (2580 with 5 OFFICE included) is cheaper than SERVER + 21
    # OFFICE, and the checks warn about the pair (SMART_SERVER_WITH_ITS_UPGRADE): the answer is SERVER
    assert [(f.severity, f.rule_id) for f in validate([("SMART_SERVER", 1), ("UPG_SMART_SERVER", 1), ("OFFICE", 16)],
                                                      None, configure({"users": 21}).options)
            if f.severity != "INFO"] == [("WARNING", "SMART_SERVER_WITH_ITS_UPGRADE")]
    c = configure({"users": 21, "office_plus_users": 5})
    assert (c.lines, c.total) == ([("SERVER", 1), ("OFFICE", 16), ("OFFICE_PLUS", 5)], D("4609.00"))


# --------------------------------------------------------------------------- Up2Date and upgrades

def test_up2date_for_a_new_system():
    c = configure({"users": 10}, options={"up2date_years": 3})
    # licences 990 + 5 × 89 = 1435; Up2Date 54 % = 774.90
    assert c.lines == [("SMART_SERVER", 1), ("OFFICE", 5), ("UP2DATE_3Y", 1)]
    assert (c.licence_total, c.total) == (D("1435.00"), D("2209.90"))
    assert [(a.system, a.total) for a in c.alternatives] == [("SERVER", D("5205.20"))]  # 3380 × 1.54
    assert_clean(c)


def test_up2date_for_an_existing_system_without_up2date_comes_with_its_one_time_upgrade():
    owned = {"SERVER": 1, "OFFICE": 10}   # 3380 at today's list prices
    c = configure({"users": 20}, owned=owned, options={"up2date_years": 3, "release": 6})
    # 10 OFFICE 890; upgrade 55 % × 3380 = 1859.00; Up2Date 54 % × (3380 + 890) = 2305.80
    assert c.lines == [("OFFICE", 10), ("UP2DATE_3Y", 1), ("UPGRADE_R6", 1)]
    assert c.total == D("5054.80")
    assert [(p.article.code, p.value) for p in c.priced] == [
        ("OFFICE", D("890.00")), ("UP2DATE_3Y", D("2305.80")), ("UPGRADE_R6", D("1859.00"))]
    assert_clean(c, owned)


def test_up2date_without_release_is_left_out_with_the_reason():
    c = configure({"users": 20}, owned={"SERVER": 1, "OFFICE": 10}, options={"up2date_years": 3})
    assert c.lines == [("OFFICE", 10)]
    [note] = [f for f in c.findings if f.rule_id == "CONFIGURE_UP2DATE"]
    assert note.severity == "INFO"
    assert note.message("de").startswith("Nicht aufgenommen: UP2DATE_3Y. ")
    assert "OneTime Upgrade" in note.message("de")


def test_a_running_up2date_covers_new_licences_with_up2date_for_additional_licences():
    owned = {"SERVER": 1, "OFFICE": 10}
    c = configure({"users": 20}, owned=owned, options={"up2date_months_left": 8, "up2date_term_years": 3})
    # 18 % × 8/12 × 890 = 106.80
    assert (c.lines, c.total) == ([("OFFICE", 10), ("UP2DATE_ADDON", 1)], D("996.80"))
    assert_clean(c, owned)
    # renewal asked for with 20 months left: not yet allowed; additional licences instead, 18 % × 20/12 × 890
    c = configure({"users": 20}, owned=owned,
                  options={"up2date_months_left": 20, "up2date_term_years": 3, "up2date_years": 2})
    assert (c.lines, c.total) == ([("OFFICE", 10), ("UP2DATE_ADDON", 1)], D("1157.00"))
    assert [f.rule_id for f in c.findings] == ["CONFIGURE_UP2DATE"]
    assert "20 Monate Restlaufzeit" in c.findings[0].message("de")
    # with at most 12 months left the renewal is allowed: 54 % × (3380 + 890)
    c = configure({"users": 20}, owned=owned, options={"up2date_months_left": 6, "up2date_years": 3})
    assert (c.lines, c.total) == ([("OFFICE", 10), ("UP2DATE_3Y", 1)], D("3195.80"))


def test_up2date_for_additional_licences_needs_the_running_term():
    with pytest.raises(MissingValue) as err:
        configure({"users": 20}, owned={"SERVER": 1, "OFFICE": 10}, options={"Restlaufzeit": 8})
    assert "Up2Date-Laufzeit (Jahre) der laufenden Software-Aktualisierung" in err.value.message("de")


# --------------------------------------------------------------------------- from the catalog, not from code

def shipped_sheets():
    return {name: [list(r) for r in rows] for name, rows in read_sheets(SHIPPED).items()}


def set_price(sheets, code, price):
    for row in sheets["Artikel"]:
        if row[1] == code:
            row[6] = price


def test_a_changed_price_changes_the_answer():
    sheets = shipped_sheets()
    set_price(sheets, "SERVER", 500)   # SERVER + 20 OFFICE = 2280 < SMART SERVER + 15 OFFICE = 2325
    c = configure({"users": 20}, catalog=build_catalog(sheets))
    assert (c.lines, c.total) == ([("SERVER", 1), ("OFFICE", 20)], D("2280.00"))
    sheets = shipped_sheets()
    set_price(sheets, "UPG_OFFICE_PLUS", 20)   # now 3 upgrades + 2 OFFICE = 60 + 178 = 238 is cheapest
    c = configure({"users": 12, "office_plus_users": 3}, owned={"SERVER": 1, "OFFICE": 10},
                  catalog=build_catalog(sheets))
    assert (c.lines, c.total) == ([("OFFICE", 2), ("UPG_OFFICE_PLUS", 3)], D("238.00"))


def test_a_changed_rule_changes_the_answer():
    sheets = shipped_sheets()
    for row in sheets["Regeln"]:
        if row[0] == "SMART_SERVER_MAX_OFFICE":
            row[4] = 25
    c = configure({"users": 25}, catalog=build_catalog(sheets))
    assert (c.lines, c.total) == ([("SMART_SERVER", 1), ("OFFICE", 20)], D("2770.00"))   # 990 + 1780
    sheets = shipped_sheets()
    for row in sheets["Regeln"]:
        if row[0] == "VOICEMAIL_MIN_IP_CHANNEL":
            row[4] = 4
    c = configure({"voicemail": 5}, catalog=build_catalog(sheets))
    assert (c.lines, c.total) == ([("SERVER", 1), ("IP_CHANNEL", 4), ("VOICEMAIL", 5)], D("3285.50"))


def test_a_need_no_configuration_meets_is_one_error_naming_it():
    sheets = shipped_sheets()
    sheets["Regeln"].append(["TAPI_AT_MOST_50", "höchstens N von", None, "TAPI", 50, None, "FEHLER",
                             "Höchstens {n} TAPI-Lines je System; geplant: {have}.",
                             "At most {n} TAPI lines per system; planned: {have}."])
    cat = build_catalog(sheets)
    assert configure({"tapi": 50}, catalog=cat).total == D("3487.50")   # 2490 + 50 × 19.95
    c = configure({"users": 3, "tapi": 60}, catalog=cat)
    assert (c.lines, c.ok) == ([], False)
    [finding] = c.findings
    assert (finding.severity, finding.rule_id) == ("ERROR", "CONFIGURE_IMPOSSIBLE")
    assert finding.message("de").startswith("Keine gültige Konfiguration für den Bedarf tapi = 60. ")
    assert "SERVER: Höchstens 50 TAPI-Lines je System; geplant: 60." in finding.message("de")
    assert finding.message("en").startswith("No valid configuration for the need tapi = 60. ")


def test_a_need_the_catalog_has_no_article_for(small_catalog):
    c = configure({"users": 2, "voicemail": 3}, catalog=small_catalog)
    [finding] = c.findings
    assert finding.rule_id == "CONFIGURE_NEED_NOT_IN_CATALOG"
    assert finding.message("de").startswith("Bedarf voicemail = 3 (Voicemail-Benutzer): der Katalog führt "
                                            "keinen Artikel VOICEMAIL")


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("call, exc, message", [
    (lambda: configure({"users": "zehn"}), BadValue,
     "Benutzer des Connect Clients: 'zehn' ist ungültig. Zahl erwartet."),
    (lambda: configure({"users": -1}), BadValue,
     "Benutzer des Connect Clients: -1 ist ungültig. Erlaubt: 0 bis 100000."),
    (lambda: configure({"users": 2.5}), BadValue,
     "Benutzer des Connect Clients: 2.5 ist ungültig. Ganze Zahl erwartet."),
    (lambda: configure({"Anzahl Kunden": 3}), BadValue,
     "Bedarf: 'Anzahl Kunden' ist ungültig. Unbekannter Name; erlaubt: users,"),
    (lambda: configure({"ldap": "vielleicht"}), BadValue, "LDAP-Datenquelle im Directory: 'vielleicht' ist ungültig."),
    (lambda: configure([("users", 3), ("Benutzer", 4)]), BadValue, "Benutzer: 4 ist ungültig. users steht zweimal"),
    (lambda: configure({"users": 3}, owned={"FOO": 1}), UnknownArticle, "Unbekannter Artikel: FOO"),
    (lambda: configure({"users": 3}, owned={"UP2DATE_3Y": 1}), BadValue,
     "Bestand: 'UP2DATE_3Y' ist ungültig. keine Lizenz"),
    (lambda: configure({"users": 3}, options={"up2date_years": 7}), BadValue, "Laufzeit in Jahren: 7 ist ungültig."),
    (lambda: configure({"users": 3}, options={"release": 3}), BadValue,
     "Release: 3 ist ungültig. Erlaubt: 4, 5, 6, 7, 8."),
    (lambda: configure("users=3"), BadValue, "Bedarf: 'users=3' ist ungültig. Paare aus Name und Wert angeben"),
])
def test_bad_input_is_refused_naming_the_value(call, exc, message):
    with pytest.raises(exc) as err:
        call()
    assert isinstance(err.value, XPhoneError)
    assert err.value.message("de").startswith(message)


def test_messages_in_english():
    with pytest.raises(BadValue) as err:
        configure({"users": "ten"})
    assert err.value.message("en") == "users of the Connect client: 'ten' is not valid. A number is expected."
    c = configure({"users": 21})
    assert c.unavailable[0][1].message("en").startswith("SMART SERVER allows at most 20 OFFICE users")


# --------------------------------------------------------------------------- worksheet function

def test_worksheet_function_spills_lines_and_a_total():
    rows = udfs.XP_CONFIGURE([["Benutzer", 10.0], ["Voicemail", 10.0], [None, None]])
    assert rows == [
        ["3210.0030", "XPhone Connect 8 – SERVER", 1, 2490.0, 2490.0],
        ["3440.0030", "XPhone Connect 8 – IP-CHANNEL", 2, 149.0, 298.0],
        ["3310.0030", "XPhone Connect 8 – OFFICE", 10, 89.0, 890.0],
        ["3321.0030", "XPhone Connect 8 – VOICEMAIL", 10, 39.9, 399.0],
        ["", "Summe", "", "", 4077.0],
    ]


def test_worksheet_function_with_owned_options_and_english():
    rows = udfs.XP_CONFIGURE([["users", 25.0]], [["SMART_SERVER", 1.0], ["OFFICE", 10.0]],
                             [["up2date_years", 1.0], ["Release", 8.0], ["Sprache", "en"]])
    # 1590 + 890 = 2480; upgrade R8 35 % × (990 + 890) = 658; Up2Date 20 % of the system after the quote:
    # SERVER 2490 + 25 OFFICE 2225 (the 5 the SMART SERVER included stay) = 4715, 943
    assert rows == [
        ["8.3210.003010", "XPhone Connect 8 – Upgrade SMART SERVER to SERVER", 1, 1590.0, 1590.0],
        ["3310.0030", "XPhone Connect 8 – OFFICE", 10, 89.0, 890.0],
        ["9130.0000.012", "XPhone Up2Date – 1 Year – New System or Renewal", 1, 943.0, 943.0],
        ["9131.0006", "XPhone OneTime Upgrade from Release 8", 1, 658.0, 658.0],
        ["", "Total", "", "", 4081.0],
    ]


def test_worksheet_function_errors_are_short_messages():
    with pytest.raises(BadValue) as err:
        udfs.XP_CONFIGURE([["users", 3.0, 1.0]])
    assert str(err.value) == "Bedarf: '3 Spalten' ist ungültig. Zwei Spalten angeben: Name und Wert."
    with pytest.raises(BadValue) as err:
        udfs.XP_CONFIGURE([["Benutzer", "viele"]])
    assert str(err.value) == "Benutzer des Connect Clients: 'viele' ist ungültig. Zahl erwartet."


def test_worksheet_function_names_a_need_no_configuration_meets(small_catalog, monkeypatch):
    monkeypatch.setattr(xp_functions, "get_catalog", lambda: small_catalog)
    with pytest.raises(RuleViolation) as err:
        udfs.XP_CONFIGURE([["fax", 2.0], ["voicemail", 3.0]])
    assert err.value.message("de").startswith("Regelverstoß: Bedarf voicemail = 3 (Voicemail-Benutzer)")


# --------------------------------------------------------------------------- command line

def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_command_prints_the_table_and_the_alternatives():
    result = run("configure", "users=20")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:4] == [
        "Vorschlag für users = 20  (BEISPIELPREISE)",
        "3212.0010           1  XPhone Connect 8 – SMART SERVER                          990,00 €      990,00 €",
        "3310.0030          15  XPhone Connect 8 – OFFICE                                 89,00 €    1.335,00 €",
        "                       Summe                                                                2.325,00 €",
    ]
    assert "  SERVER: 4.270,00 € (1 × SERVER, 20 × OFFICE)" in result.output
    result = run("configure", "users=21", "--lang", "en")
    assert "  SMART SERVER: not possible – SMART SERVER allows at most 20 OFFICE users" in result.output
    assert "€4,359.00" in result.output


def test_command_errors_are_one_line_and_exit_1():
    result = run("configure", "Kunden=3")
    assert result.exit_code == 1
    assert result.output.startswith("Fehler: Bedarf: 'Kunden' ist ungültig. Unbekannter Name")
    result = run("configure", "users")
    assert result.exit_code == 1 and "Fehler: Bedarf: 'users' ist ungültig. Form: NAME=WERT" in result.output
    result = run("configure", "users=3", "--up2date", "9", "--lang", "en")
    assert result.exit_code == 1 and result.output.startswith("Error: term in years: '9' is not valid.")


def test_orders_sheet_turns_into_the_same_quote(tmp_path):
    target = tmp_path / "auftrag.xlsx"
    result = run("configure", "Benutzer=25", "Voicemail=5", "--owned", "SMART_SERVER=1", "--owned", "OFFICE=10",
                 "--option", "release=8", "--up2date", "3", "--orders", str(target), "--customer", "Muster GmbH")
    assert result.exit_code == 0, result.output
    # 25 users = 5 included + 10 owned + 10 new: 1590 + 2 × 149 + 10 × 89 + 5 × 39.90 = 2977.50;
    # upgrade R8 35 % × (990 + 890) = 658.00; Up2Date 54 % of the system after the quote: SERVER 2490
    # + 25 OFFICE 2225 + 2 IP-CHANNEL 298 + 5 VOICEMAIL 199.50 = 5212.50, 2814.75; net 6450.25
    assert "Summe" in result.output and "6.450,25 €" in result.output
    [order] = list(read_orders(target))
    assert not order.errors and order.customer == "Muster GmbH"
    assert [(line.article.code, line.quantity) for line in order.lines] == [
        ("UPG_SMART_SERVER", 1), ("IP_CHANNEL", 2), ("OFFICE", 10), ("VOICEMAIL", 5), ("UP2DATE_3Y", 1),
        ("UPGRADE_R8", 1), ("SMART_SERVER", 0)]
    assert {a.code: q for a, q in order.owned.items()} == {"SMART_SERVER": 1, "OFFICE": 10}
    quote = price_quote(order.lines, order.owned, order.options, catalog=get_catalog())
    assert quote.net == D("6450.25")
    assert [f for f in quote.findings if f.severity != "INFO"] == []
    # the batch command reads it
    out = run("quotes", str(target), "--out", str(tmp_path / "q"))
    assert out.exit_code == 0, out.output
    assert (tmp_path / "q" / "Angebot-KONFIG-1.xlsx").exists()


def test_orders_sheet_carries_the_running_up2date(tmp_path):
    target = tmp_path / "auftrag.xlsx"
    result = run("configure", "users=20", "--owned", "SERVER=1", "--owned", "OFFICE=10", "--option",
                 "Restlaufzeit=8", "--option", "Up2Date-Laufzeit=3", "--orders", str(target))
    assert result.exit_code == 0, result.output
    [order] = list(read_orders(target))
    assert order.options["up2date_months_left"] == 8 and order.options["up2date_term_years"] == 3
    # 10 × 89 = 890; 18 % × 8/12 × 890 = 106.80
    quote = price_quote(order.lines, order.owned, order.options, catalog=get_catalog())
    assert [(p.article.code, p.amount) for p in quote.percent_lines] == [("UP2DATE_ADDON", D("106.80"))]
    assert quote.net == D("996.80")


def test_orders_sheet_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "auftrag.xlsx"
    target.write_bytes(b"keep")
    result = run("configure", "users=3", "--orders", str(target))
    assert result.exit_code == 1
    assert "Fehler: Ausgabe nicht möglich: " in result.output and "--force" in result.output
    assert target.read_bytes() == b"keep"
    assert run("configure", "users=3", "--orders", str(target), "--force").exit_code == 0
    [order] = list(read_orders(target))
    assert [(line.article.code, line.quantity) for line in order.lines] == [("SMART_SERVER", 1)]
    assert order.options["ldap"] is False and order.options["directory_sources"] == 0


def test_the_core_has_examples_and_no_excel_or_command_line_imports():
    import ast

    import addin.configure as mod

    assert ">>> " in mod.__doc__ and ">>> " in mod.configure.__doc__
    tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    assert not imported & {"openpyxl", "click", "xlwings"}


# --------------------------------------------------------------------------- any need

COUNTS = st.sampled_from([0, 1, 3, 5, 15, 16, 20, 21, 26, 60, 250])
NEEDS_ST = st.fixed_dictionaries({}, optional={
    **{k: COUNTS for k in ("users", "office_plus_users", "teamdesk", "fax", "voicemail", "contacts", "dashboard",
                           "tapi", "auto_attendant_channels")},
    "directory_sources": st.sampled_from([0, 2, 3, 4, 10, 11, 35]),
    **{k: st.booleans() for k in ("ldap", "fax_in_client", "voicemail_in_client", "voicemail_in_mobile_app",
                                  "sms_notification")}})
OWNED_ST = st.one_of(
    st.just({}),
    st.fixed_dictionaries({"SMART_SERVER": st.just(1), "OFFICE": st.integers(0, 15), "TAPI": st.integers(0, 20)}),
    st.fixed_dictionaries({"SERVER": st.just(1), "OFFICE": st.integers(0, 40), "OFFICE_PLUS": st.integers(0, 5),
                           "IP_CHANNEL": st.integers(0, 3)}),
)


@settings(deadline=None, max_examples=150)
@given(needs=NEEDS_ST, owned=OWNED_ST)
def test_any_need_gets_a_valid_covering_answer(needs, owned):
    """For any need on a valid owned system: an answer that passes the checks and covers every need."""
    c = configure(needs, owned=owned)
    assert_clean(c, owned)
    system = dict(owned)
    for code, qty in c.lines:
        system[code] = system.get(code, 0) + qty
    office = system.get("OFFICE", 0) + 5 * system.get("SMART_SERVER", 0)
    plus = system.get("OFFICE_PLUS", 0) + system.get("UPG_OFFICE_PLUS", 0)
    assert office + plus >= needs.get("users", 0) and plus >= needs.get("office_plus_users", 0)
    for need, code in (("teamdesk", "TEAMDESK"), ("fax", "FAX"), ("voicemail", "VOICEMAIL"),
                       ("contacts", "CONTACTS"), ("dashboard", "DASHBOARD"), ("tapi", "TAPI")):
        assert system.get(code, 0) >= needs.get(need, 0)
    assert 20 * system.get("AUTO_ATTENDANT", 0) >= needs.get("auto_attendant_channels", 0)
