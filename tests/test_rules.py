"""Configuration checks (addin.rules) on the shipped catalog.

Every expected result is read off the service description ("Leistungsbeschreibung XPhone Connect 8")
and written as a literal: limits are tested at the limit and one past it.
"""
import re

import pytest

from addin import udfs
from addin.errors import BadValue
from addin.rules import CODE_RULES, SEVERITIES, all_rules, build_context, recommended_ip_channels, validate

# Usage options that silence the "please confirm" warnings, for tests about something else.
QUIET = {"fax_in_client": False, "voicemail_in_client": False, "voicemail_in_mobile_app": False,
         "sms_notification": False, "ldap": False, "directory_sources": 1, "other_uc_systems": False}


# Information that accompanies every SMART SERVER / AUTO ATTENDANT quote; tested on its own below.
NOTES = {"SMART_SERVER_INCLUDES_OFFICE", "AUTO_ATTENDANT_CHANNELS"}


def found(lines, owned=None, options=None, quiet=True):
    """(severity, rule id) of every finding but the notes, sorted."""
    opts = dict(QUIET) if quiet else {}
    opts.update(options or {})
    return sorted((f.severity, f.rule_id) for f in validate(lines, owned, opts) if f.rule_id not in NOTES)


def ids(lines, owned=None, options=None, quiet=True):
    return {rule_id for _, rule_id in found(lines, owned, options, quiet)}


def one(rule_id, lines, owned=None, options=None, quiet=True):
    hits = [f for f in validate(lines, owned, {**(QUIET if quiet else {}), **(options or {})})
            if f.rule_id == rule_id]
    assert len(hits) == 1, hits
    return hits[0]


# --------------------------------------------------------------------------- a clean system has nothing to report

@pytest.mark.parametrize("lines, owned", [
    ([("SERVER", 1), ("OFFICE", 50)], None),
    ([("SMART_SERVER", 1), ("OFFICE", 15), ("TAPI", 20)], None),
    ([("SERVER", 1), ("OFFICE_PLUS", 10), ("TEAMDESK", 10), ("CONTACTS", 5), ("DASHBOARD", 5)], None),
    ([("OFFICE", 5)], [("SERVER", 1)]),                                # owned server satisfies OFFICE
    ([("TEAMDESK", 5)], [("SERVER", 1), ("OFFICE_PLUS", 5)]),          # owned OFFICE PLUS
    ([("VOICEMAIL", 10)], [("SERVER", 1), ("IP_CHANNEL", 2)]),          # owned IP-CHANNELs
    ([("DASHBOARD", 3)], [("SERVER", 1), ("CONTACTS", 3)]),
    ([("FAX", 20), ("IP_CHANNEL", 1)], [("SERVER", 1)]),
    ([], None),
])
def test_valid_systems_have_no_findings(lines, owned):
    assert found(lines, owned) == []


# --------------------------------------------------------------------------- SMART SERVER

@pytest.mark.parametrize("office, expected", [
    (15, []),                                              # 5 included + 15 = 20: the limit
    (16, [("ERROR", "SMART_SERVER_MAX_OFFICE")]),           # 21
])
def test_smart_server_office_limit_counts_the_five_included(office, expected):
    assert found([("SMART_SERVER", 1), ("OFFICE", office)]) == expected


def test_smart_server_office_limit_message():
    f = one("SMART_SERVER_MAX_OFFICE", [("SMART_SERVER", 1), ("OFFICE", 16)])
    assert f.message("de") == ("SMART SERVER erlaubt höchstens 20 OFFICE-User, die 5 enthaltenen mitgezählt; "
                               "vorhanden: 21. 1 × OFFICE weniger anbieten oder mit Upg. SMART SERVER>SERVER "
                               "(8.3210.003010) auf SERVER upgraden.")
    assert f.message("en") == ("SMART SERVER allows at most 20 OFFICE users, counting the 5 included; the system "
                               "has 21. Offer 1 × OFFICE less or upgrade to SERVER with Upgrade SMART SERVER to "
                               "SERVER (8.3210.003010).")
    assert f.articles == ("SMART_SERVER", "OFFICE")


@pytest.mark.parametrize("new_office, expected", [(5, []), (6, [("ERROR", "SMART_SERVER_MAX_OFFICE")])])
def test_smart_server_office_limit_counts_owned_users(new_office, expected):
    # owned: SMART SERVER (5 included) + 10 OFFICE = 15; 5 more reach 20
    assert found([("OFFICE", new_office)], [("SMART_SERVER", 1), ("OFFICE", 10)]) == expected


@pytest.mark.parametrize("tapi, expected", [(20, []), (21, [("ERROR", "SMART_SERVER_MAX_TAPI")])])
def test_smart_server_tapi_limit(tapi, expected):
    assert found([("SMART_SERVER", 1), ("TAPI", tapi)]) == expected


@pytest.mark.parametrize("extension", ["OFFICE_PLUS", "TEAMDESK", "FAX", "VOICEMAIL", "AUTO_ATTENDANT",
                                       "ADDITIONAL_DATABASES", "CONTACTS", "DASHBOARD"])
def test_smart_server_excludes_extensions(extension):
    result = ids([("SMART_SERVER", 1), (extension, 1)])
    assert "SMART_SERVER_EXCLUDES" in result
    assert f"{extension}_NEEDS_SERVER" not in result       # said once, by the SMART SERVER rule


def test_smart_server_excludes_message_lists_what_is_there():
    f = one("SMART_SERVER_EXCLUDES", [("SMART_SERVER", 1), ("FAX", 2), ("CONTACTS", 5), ("IP_CHANNEL", 1)])
    assert f.severity == "ERROR"
    assert f.message("de") == ("SMART SERVER erlaubt diese Erweiterungen nicht: 2 × FAX, 5 × CONTACTS. Mit Upg. "
                               "SMART SERVER>SERVER (8.3210.003010) auf SERVER upgraden oder sie entfernen.")


def test_ip_channel_needs_server_even_next_to_a_smart_server():
    assert found([("SMART_SERVER", 1), ("IP_CHANNEL", 1)]) == [("ERROR", "IP_CHANNEL_NEEDS_SERVER")]


def test_smart_server_included_office_is_explained():
    f = one("SMART_SERVER_INCLUDES_OFFICE", [("SMART_SERVER", 1), ("OFFICE", 10)], quiet=False)
    assert f.severity == "INFO"
    assert f.message("de") == ("SMART SERVER enthält bereits 5 OFFICE-User je Lizenz; mit ihnen hat das System "
                               "15 OFFICE-User (5 enthalten).")


@pytest.mark.parametrize("sources, ldap, expected", [
    (3, False, []),
    (4, False, [("ERROR", "DIRECTORY_SMART_SERVER")]),
    (3, True, [("ERROR", "DIRECTORY_SMART_SERVER_LDAP")]),
    (None, False, [("WARNING", "DIRECTORY_SMART_SERVER")]),
    (3, None, [("WARNING", "DIRECTORY_SMART_SERVER_LDAP")]),
])
def test_smart_server_directory(sources, ldap, expected):
    options = {**QUIET, "directory_sources": sources, "ldap": ldap}
    result = sorted((f.severity, f.rule_id) for f in validate([("SMART_SERVER", 1)], None, options)
                    if f.rule_id not in NOTES)
    assert result == expected


def test_smart_server_limits_lifted_by_the_upgrade():
    lines = [("SMART_SERVER", 1), ("UPG_SMART_SERVER", 1), ("OFFICE", 30), ("TAPI", 40), ("FAX", 10),
             ("IP_CHANNEL", 1)]
    assert found(lines, options={"directory_sources": 15, "ldap": True, "fax_in_client": True}) == [
        ("ERROR", "DIRECTORY_SERVER"),  # 15 sources > 10: the SERVER's own limit, nothing of the SMART SERVER
        ("WARNING", "SMART_SERVER_WITH_ITS_UPGRADE")]  # both new in one quote: confirm or offer SERVER


def test_owned_smart_server_upgraded_in_the_same_quote_may_take_fax():
    owned = [("SMART_SERVER", 1), ("OFFICE", 10)]
    assert found([("UPG_SMART_SERVER", 1), ("FAX", 10), ("IP_CHANNEL", 1)], owned) == []
    assert found([("FAX", 10), ("IP_CHANNEL", 1)], owned) == [
        ("ERROR", "IP_CHANNEL_NEEDS_SERVER"), ("ERROR", "SMART_SERVER_EXCLUDES")]


@pytest.mark.parametrize("lines, owned, expected", [
    ([("UPG_SMART_SERVER", 1)], None, [("ERROR", "UPG_SMART_SERVER_NEEDS_SMART_SERVER")]),
    ([("UPG_SMART_SERVER", 1)], [("SMART_SERVER", 1)], []),
    ([("UPG_SMART_SERVER", 2)], [("SMART_SERVER", 1)], [("ERROR", "UPG_SMART_SERVER_NEEDS_SMART_SERVER")]),
    ([("SERVER", 1)], [("SMART_SERVER", 1)], [("WARNING", "SERVER_WITH_SMART_SERVER")]),
])
def test_smart_server_upgrade_needs_a_smart_server(lines, owned, expected):
    assert found(lines, owned) == expected


# --------------------------------------------------------------------------- a server for everything

@pytest.mark.parametrize("article, rule_id", [
    ("OFFICE", "OFFICE_NEEDS_SERVER"), ("TAPI", "TAPI_NEEDS_SERVER"),
    ("OFFICE_PLUS", "OFFICE_PLUS_NEEDS_SERVER"), ("TEAMDESK", "TEAMDESK_NEEDS_SERVER"),
    ("FAX", "FAX_NEEDS_SERVER"), ("VOICEMAIL", "VOICEMAIL_NEEDS_SERVER"),
    ("AUTO_ATTENDANT", "AUTO_ATTENDANT_NEEDS_SERVER"), ("ADDITIONAL_DATABASES", "ADDITIONAL_DATABASES_NEEDS_SERVER"),
    ("CONTACTS", "CONTACTS_NEEDS_SERVER"), ("DASHBOARD", "DASHBOARD_NEEDS_SERVER"),
    ("IP_CHANNEL", "IP_CHANNEL_NEEDS_SERVER"), ("UPG_OFFICE_PLUS", "UPG_OFFICE_PLUS_NEEDS_SERVER"),
])
def test_every_licence_needs_a_server(article, rule_id):
    assert ("ERROR", rule_id) in found([(article, 1)])
    assert rule_id not in ids([(article, 1)], [("SERVER", 1)])


@pytest.mark.parametrize("article", ["OFFICE", "TAPI"])
def test_office_and_tapi_run_on_a_smart_server(article):
    assert found([(article, 1)], [("SMART_SERVER", 1)]) == []


def test_server_message_in_both_languages():
    f = one("FAX_NEEDS_SERVER", [("FAX", 1), ("IP_CHANNEL", 1)])
    assert f.message("de") == "FAX braucht SERVER (3210.0030); das System hat keine. SERVER ergänzen."
    assert f.message("en") == "FAX needs SERVER (3210.0030); the system has none. Add SERVER."
    f = one("OFFICE_NEEDS_SERVER", [("OFFICE", 1)])
    assert f.message("de") == ("OFFICE braucht eine Serverlizenz: SERVER (3210.0030) oder SMART SERVER (3212.0010); "
                               "das System hat keine. Eine davon ergänzen.")


# --------------------------------------------------------------------------- IP-CHANNEL minimums and recommendation

@pytest.mark.parametrize("extension, channels, expected", [
    ("VOICEMAIL", 1, [("ERROR", "VOICEMAIL_MIN_IP_CHANNEL")]),
    ("VOICEMAIL", 2, []),
    ("AUTO_ATTENDANT", 1, [("ERROR", "AUTO_ATTENDANT_MIN_IP_CHANNEL")]),
    ("AUTO_ATTENDANT", 2, []),
    ("FAX", 0, [("ERROR", "FAX_MIN_IP_CHANNEL")]),
    ("FAX", 1, []),
])
def test_ip_channel_minimum(extension, channels, expected):
    lines = [("SERVER", 1), (extension, 1)] + ([("IP_CHANNEL", channels)] if channels else [])
    assert found(lines) == expected


def test_voicemail_ip_channel_message_in_both_languages():
    f = one("VOICEMAIL_MIN_IP_CHANNEL", [("SERVER", 1), ("VOICEMAIL", 5), ("IP_CHANNEL", 1)])
    assert f.message("de") == ("VOICEMAIL braucht mindestens 2 IP-CHANNEL (3440.0030); vorhanden: 1. "
                               "1 × IP-CHANNEL ergänzen.")
    assert f.message("en") == "VOICEMAIL needs at least 2 IP-CHANNEL (3440.0030); the system has 1. Add 1 × IP-CHANNEL."


@pytest.mark.parametrize("attendants, text", [
    (1, "AUTO ATTENDANT: 1 Lizenz schaltet 20 Auto-Attendant-Kanäle frei; 1 Lizenz(en) im System = 20 Kanäle."),
    (2, "AUTO ATTENDANT: 1 Lizenz schaltet 20 Auto-Attendant-Kanäle frei; 2 Lizenz(en) im System = 40 Kanäle."),
])
def test_auto_attendant_channels_info(attendants, text):
    f = one("AUTO_ATTENDANT_CHANNELS", [("SERVER", 1), ("AUTO_ATTENDANT", attendants), ("IP_CHANNEL", 2)])
    assert (f.severity, f.message("de")) == ("INFO", text)


@pytest.mark.parametrize("users, voice, fax, expected", [
    (0, False, False, 0),
    (1, False, True, 1),
    (25, False, True, 1),
    (26, False, True, 2),     # 1 per 25 users, rounded up
    (10, True, False, 2),     # at least 2 with voicemail or auto attendant
    (50, True, False, 2),
    (51, True, False, 3),
    (60, True, True, 3),
    (None, True, False, 2),
    (60.0, "WAHR", "FALSCH", 3),
])
def test_recommended_ip_channels(users, voice, fax, expected):
    assert recommended_ip_channels(users, voice, fax) == expected
    assert udfs.XP_IP_CHANNELS(users, voice, fax) == expected


@pytest.mark.parametrize("users, voice", [(-1, False), (2.5, False), ("viele", False), (10, "vielleicht")])
def test_recommended_ip_channels_refuses_junk(users, voice):
    with pytest.raises(BadValue):
        udfs.XP_IP_CHANNELS(users, voice)


@pytest.mark.parametrize("lines, expected", [
    ([("FAX", 50), ("IP_CHANNEL", 2)], []),
    ([("FAX", 51), ("IP_CHANNEL", 2)], [("WARNING", "IP_CHANNEL_RECOMMENDED")]),
    ([("FAX", 51), ("IP_CHANNEL", 3)], []),
    ([("VOICEMAIL", 50), ("IP_CHANNEL", 2)], []),
    ([("VOICEMAIL", 51), ("IP_CHANNEL", 2)], [("WARNING", "IP_CHANNEL_RECOMMENDED")]),
    ([("VOICEMAIL", 30), ("FAX", 30), ("IP_CHANNEL", 2)], []),   # users may overlap: the larger count, 30
])
def test_ip_channel_recommendation(lines, expected):
    assert found([("SERVER", 1)] + lines) == expected


def test_ip_channel_recommendation_message():
    f = one("IP_CHANNEL_RECOMMENDED", [("SERVER", 1), ("FAX", 60), ("IP_CHANNEL", 1)])
    assert f.message("de") == ("Empfehlung bei durchschnittlicher Nutzung: 1 IP-CHANNEL je 25 Fax-/Voicemail-User, "
                               "bei 60 Usern 3; vorhanden: 1. 2 × IP-CHANNEL (3440.0030) ergänzen.")


# --------------------------------------------------------------------------- OFFICE PLUS, TEAMDESK, DASHBOARD

@pytest.mark.parametrize("lines, owned, expected", [
    ([("SERVER", 1), ("OFFICE", 10), ("UPG_OFFICE_PLUS", 10)], None, []),
    ([("SERVER", 1), ("OFFICE", 10), ("UPG_OFFICE_PLUS", 11)], None, [("ERROR", "UPG_OFFICE_PLUS_MAX_OFFICE")]),
    ([("SERVER", 1), ("UPG_OFFICE_PLUS", 1)], None, [("ERROR", "UPG_OFFICE_PLUS_MAX_OFFICE")]),
    ([("UPG_OFFICE_PLUS", 4)], [("SERVER", 1), ("OFFICE", 4)], []),
])
def test_office_plus_upgrade(lines, owned, expected):
    assert found(lines, owned) == expected


@pytest.mark.parametrize("lines, owned, expected", [
    ([("SERVER", 1), ("OFFICE_PLUS", 5), ("TEAMDESK", 5)], None, []),
    ([("SERVER", 1), ("OFFICE_PLUS", 5), ("TEAMDESK", 6)], None, [("ERROR", "TEAMDESK_MAX_OFFICE_PLUS")]),
    ([("SERVER", 1), ("TEAMDESK", 1)], None, [("ERROR", "TEAMDESK_MAX_OFFICE_PLUS")]),
    # upgraded users count as OFFICE PLUS for TEAMDESK
    ([("SERVER", 1), ("OFFICE", 10), ("UPG_OFFICE_PLUS", 3), ("TEAMDESK", 3)], None, []),
    ([("SERVER", 1), ("OFFICE", 10), ("UPG_OFFICE_PLUS", 3), ("TEAMDESK", 4)], None,
     [("ERROR", "TEAMDESK_MAX_OFFICE_PLUS")]),
    ([("TEAMDESK", 2), ("OFFICE_PLUS", 1)], [("SERVER", 1), ("OFFICE_PLUS", 1)], []),
])
def test_teamdesk_per_office_plus(lines, owned, expected):
    assert found(lines, owned) == expected


def test_teamdesk_message():
    f = one("TEAMDESK_MAX_OFFICE_PLUS", [("SERVER", 1), ("OFFICE_PLUS", 5), ("TEAMDESK", 6)])
    assert f.message("de") == ("TEAMDESK braucht je User eine OFFICE PLUS (3311.0030); TEAMDESK: 6, OFFICE PLUS: 5. "
                               "1 × OFFICE PLUS ergänzen oder OFFICE mit Upg. OFFICE>OFFICE PLUS (8.3311.003010) "
                               "hochrüsten.")


@pytest.mark.parametrize("contacts, dashboards, expected", [
    (5, 5, []),
    (5, 6, [("ERROR", "DASHBOARD_MAX_CONTACTS")]),
    (0, 1, [("ERROR", "DASHBOARD_MAX_CONTACTS")]),
])
def test_dashboard_per_contacts(contacts, dashboards, expected):
    lines = [("SERVER", 1), ("CONTACTS", contacts), ("DASHBOARD", dashboards)]
    assert found(lines) == expected


# --------------------------------------------------------------------------- directory sources on SERVER

@pytest.mark.parametrize("databases, sources, expected", [
    (0, 10, []),
    (0, 11, [("ERROR", "DIRECTORY_SERVER")]),
    (1, 20, []),
    (1, 21, [("ERROR", "DIRECTORY_SERVER")]),
    (2, 30, []),
    (2, 15, [("WARNING", "DIRECTORY_SERVER")]),   # one ADDITIONAL DATABASES would do
    (1, None, [("WARNING", "DIRECTORY_SERVER")]),  # confirm the number of sources
    (0, None, []),
])
def test_server_directory_sources(databases, sources, expected):
    lines = [("SERVER", 1)] + ([("ADDITIONAL_DATABASES", databases)] if databases else [])
    assert found(lines, options={"directory_sources": sources}) == expected


def test_server_directory_message():
    f = one("DIRECTORY_SERVER", [("SERVER", 1), ("ADDITIONAL_DATABASES", 1)], options={"directory_sources": 35})
    assert f.message("de") == ("SERVER bindet 10 Datenquellen an, 10 mehr je ADDITIONAL DATABASES; im System: "
                               "1 × ADDITIONAL DATABASES = 20 Datenquellen, geplant: 35. 2 × ADDITIONAL DATABASES "
                               "(3211.0030.010) ergänzen.")


# --------------------------------------------------------------------------- how fax and voicemail are used

@pytest.mark.parametrize("option, lines, value, expected", [
    ("fax_in_client", [("FAX", 5), ("IP_CHANNEL", 1)], None, [("WARNING", "FAX_IN_CLIENT_NEEDS_OFFICE")]),
    ("fax_in_client", [("FAX", 5), ("IP_CHANNEL", 1)], True, [("ERROR", "FAX_IN_CLIENT_NEEDS_OFFICE")]),
    ("fax_in_client", [("FAX", 5), ("IP_CHANNEL", 1)], False, []),
    ("fax_in_client", [("FAX", 5), ("IP_CHANNEL", 1), ("OFFICE", 3), ("OFFICE_PLUS", 2)], True, []),
    ("fax_in_client", [("FAX", 6), ("IP_CHANNEL", 1), ("OFFICE", 3), ("OFFICE_PLUS", 2)], True,
     [("ERROR", "FAX_IN_CLIENT_NEEDS_OFFICE")]),
    ("voicemail_in_client", [("VOICEMAIL", 5), ("IP_CHANNEL", 2), ("OFFICE", 4)], None,
     [("WARNING", "VOICEMAIL_IN_CLIENT_NEEDS_OFFICE")]),
    ("voicemail_in_client", [("VOICEMAIL", 5), ("IP_CHANNEL", 2), ("OFFICE", 4)], True,
     [("ERROR", "VOICEMAIL_IN_CLIENT_NEEDS_OFFICE")]),
    ("voicemail_in_client", [("VOICEMAIL", 5), ("IP_CHANNEL", 2), ("OFFICE", 5)], True, []),
    ("voicemail_in_mobile_app", [("VOICEMAIL", 5), ("IP_CHANNEL", 2), ("OFFICE", 5)], True,
     [("ERROR", "VOICEMAIL_IN_APP_NEEDS_OFFICE_PLUS")]),
    ("voicemail_in_mobile_app", [("VOICEMAIL", 5), ("IP_CHANNEL", 2), ("OFFICE", 5), ("UPG_OFFICE_PLUS", 5)],
     True, []),
    ("voicemail_in_mobile_app", [("VOICEMAIL", 5), ("IP_CHANNEL", 2), ("OFFICE_PLUS", 5)], None, []),
    ("sms_notification", [("VOICEMAIL", 5), ("IP_CHANNEL", 2)], None, [("WARNING", "VOICEMAIL_SMS_NEEDS_OFFICE")]),
    ("sms_notification", [("VOICEMAIL", 5), ("IP_CHANNEL", 2)], True, [("ERROR", "VOICEMAIL_SMS_NEEDS_OFFICE")]),
    ("sms_notification", [("VOICEMAIL", 5), ("IP_CHANNEL", 2), ("OFFICE_PLUS", 5)], True, []),
])
def test_usage_dependent_rules(option, lines, value, expected):
    assert found([("SERVER", 1)] + lines, options={option: value}) == expected


def test_usage_warning_says_what_to_confirm():
    f = one("FAX_IN_CLIENT_NEEDS_OFFICE", [("SERVER", 1), ("FAX", 5), ("IP_CHANNEL", 1)],
            options={"fax_in_client": None})
    assert f.message("de") == (
        "Fax im Connect Client: FAX braucht je User eine Lizenz OFFICE (3310.0030) oder OFFICE PLUS (3311.0030); "
        "FAX: 5, OFFICE oder OFFICE PLUS: 0. 5 × OFFICE oder OFFICE PLUS ergänzen. Gilt nur bei Fax im Connect "
        "Client: bitte bestätigen (Option fax_in_client = WAHR/FALSCH).")
    assert f.message("en").endswith("Applies only with fax in the Connect client: please confirm "
                                    "(option fax_in_client = TRUE/FALSE).")


# --------------------------------------------------------------------------- Up2Date

NEW = {}
RENEW = {"release": 8}


@pytest.mark.parametrize("lines, owned, options, expected", [
    # new system: allowed
    ([("UP2DATE_3Y", 1), ("SERVER", 1)], None, {}, []),
    # existing system with running Up2Date: renewal with at most 12 months left
    ([("UP2DATE_1Y", 1)], [("SERVER", 1)], {"release": 8, "up2date_months_left": 12}, []),
    ([("UP2DATE_1Y", 1)], [("SERVER", 1)], {"release": 8, "up2date_months_left": 1}, []),
    ([("UP2DATE_1Y", 1)], [("SERVER", 1)], {"release": 8, "up2date_months_left": 13},
     [("ERROR", "UP2DATE_ELIGIBLE")]),
    ([("UP2DATE_5Y", 1)], [("SERVER", 1)], {"up2date_months_left": 24}, [("ERROR", "UP2DATE_ELIGIBLE")]),
    # existing system without Up2Date: only together with a migration / one-time upgrade
    ([("UP2DATE_2Y", 1)], [("SERVER", 1)], {"release": 8}, [("ERROR", "UP2DATE_ELIGIBLE")]),
    ([("UP2DATE_2Y", 1)], [("SERVER", 1)], {"release": 8, "up2date_months_left": 0}, [("ERROR", "UP2DATE_ELIGIBLE")]),
    ([("UP2DATE_2Y", 1)], [("SERVER", 1)], {}, [("ERROR", "UP2DATE_ELIGIBLE")]),   # owned licences: existing
    ([("UP2DATE_2Y", 1), ("UPGRADE_R8", 1)], [("SERVER", 1)], {"release": 8},
     [("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    ([("UP2DATE_4Y", 1), ("MIGRATION_R4", 1)], [("SERVER", 1)], {"release": 4},
     [("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    # a running Up2Date with more than 12 months left is not made eligible by an upgrade
    ([("UP2DATE_1Y", 1), ("UPGRADE_R8", 1)], [("SERVER", 1)], {"release": 8, "up2date_months_left": 20},
     [("ERROR", "UP2DATE_ELIGIBLE"), ("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    # complete system: an existing system's licences must be listed
    ([("UP2DATE_1Y", 1), ("OFFICE", 5)], None, {"release": 8, "up2date_months_left": 6},
     [("ERROR", "OFFICE_NEEDS_SERVER"), ("WARNING", "UP2DATE_COMPLETE_SYSTEM")]),
    # no licences at all: a percentage of nothing
    ([("UP2DATE_1Y", 1)], None, {"release": 8, "up2date_months_left": 6}, [("ERROR", "UP2DATE_WITHOUT_LICENCES")]),
    ([("UP2DATE_3Y", 1)], None, {}, [("ERROR", "UP2DATE_WITHOUT_LICENCES")]),
    # one term per quote
    ([("UP2DATE_1Y", 1), ("UP2DATE_3Y", 1), ("SERVER", 1)], None, {}, [("ERROR", "UP2DATE_ONE_TERM")]),
    ([("UP2DATE_3Y", 2), ("SERVER", 1)], None, {}, [("ERROR", "UP2DATE_ONE_TERM")]),
])
def test_up2date_eligibility_matrix(lines, owned, options, expected):
    assert found(lines, owned, options) == expected


@pytest.mark.parametrize("lines, owned, options, expected", [
    ([("UP2DATE_ADDON", 1), ("OFFICE", 5)], [("SERVER", 1)], {"release": 8, "up2date_months_left": 6}, []),
    ([("UP2DATE_ADDON", 1), ("OFFICE", 5)], [("SERVER", 1)], {"release": 8}, [("ERROR", "UP2DATE_ADDON_RUNNING")]),
    ([("UP2DATE_ADDON", 1), ("OFFICE", 5)], [("SERVER", 1)], {"up2date_months_left": 0},
     [("ERROR", "UP2DATE_ADDON_RUNNING")]),
    ([("UP2DATE_ADDON", 1), ("SERVER", 1)], None, {}, [("ERROR", "UP2DATE_ADDON_RUNNING")]),   # new system
    ([("UP2DATE_ADDON", 1)], [("SERVER", 1)], {"up2date_months_left": 6}, [("WARNING", "UP2DATE_ADDON_NOTHING")]),
    ([("UP2DATE_ADDON", 2), ("OFFICE", 5)], [("SERVER", 1)], {"up2date_months_left": 6},
     [("ERROR", "UP2DATE_ADDON_ONCE")]),
])
def test_up2date_additional_licences_need_a_running_up2date(lines, owned, options, expected):
    assert found(lines, owned, options) == expected


def test_up2date_renewal_too_early_message():
    f = one("UP2DATE_ELIGIBLE", [("UP2DATE_1Y", 1)], [("SERVER", 1)], {"up2date_months_left": 18})
    assert f.message("de") == (
        "XPhone Up2Date – 1 Year – New System or Renewal (9130.0000.012): das laufende Up2Date hat noch 18 Monate "
        "Restlaufzeit; verlängern erst ab höchstens 12 Monaten Restlaufzeit (in 6 Monaten). Für neue Lizenzen "
        "stattdessen XPhone Up2Date – Additional Licences (9130.0000) anbieten.")


def test_up2date_without_running_up2date_names_the_upgrade_of_the_release():
    f = one("UP2DATE_ELIGIBLE", [("UP2DATE_1Y", 1)], [("SERVER", 1)], {"release": 6})
    assert "(XPhone OneTime Upgrade from Release 6 (9131.0002))" in f.message("de")


# --------------------------------------------------------------------------- migration and one-time upgrades

@pytest.mark.parametrize("article, owned, options, expected", [
    ("UPGRADE_R6", [("SERVER", 1)], {"release": 6}, [("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    ("MIGRATION_R4", [("SERVER", 1)], {"release": "R4"}, [("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    ("UPGRADE_R5", [("SERVER", 1)], {"release": 5}, [("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    ("UPGRADE_R7", [("SERVER", 1)], {"release": 7}, [("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    ("UPGRADE_R8", [("SERVER", 1)], {"release": 8}, [("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    ("UPGRADE_R6", [("SERVER", 1)], {"release": 7},
     [("ERROR", "UPGRADE_RELEASE"), ("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    ("UPGRADE_R6", [("SERVER", 1)], {}, [("INFO", "UPGRADE_COMPLETE_SYSTEM"), ("WARNING", "UPGRADE_RELEASE")]),
    ("UPGRADE_R6", None, {}, [("ERROR", "UPGRADE_RELEASE"), ("ERROR", "UPGRADE_WITHOUT_LICENCES")]),  # new system
    ("UPGRADE_R6", None, {"release": 6}, [("ERROR", "UPGRADE_WITHOUT_LICENCES")]),   # no owned licences given
])
def test_upgrade_only_for_exactly_that_release(article, owned, options, expected):
    assert found([(article, 1)], owned, options) == expected


def test_upgrade_messages():
    f = one("UPGRADE_RELEASE", [("UPGRADE_R6", 1)], [("SERVER", 1)], {"release": 7})
    assert f.message("de") == ("XPhone OneTime Upgrade from Release 6 (9131.0002) nur für ein System mit Release 6; "
                               "das System hat Release 7: XPhone OneTime Upgrade from Release 7 (9131.0003) verwenden.")
    f = one("UPGRADE_COMPLETE_SYSTEM", [("UPGRADE_R6", 1)], [("SERVER", 1), ("OFFICE", 20)], {"release": 6})
    assert f.message("de") == ("XPhone OneTime Upgrade from Release 6 (9131.0002) für das komplette System "
                               "kalkulieren (alle 21 vorhandenen Lizenzen); eine Teil-Hochrüstung ist technisch "
                               "möglich, führt aber zum Verlust der nicht hochgerüsteten Lizenzen.")
    assert f.message("en") == ("Calculate XPhone OneTime Upgrade from Release 6 (9131.0002) for the complete system "
                               "(all 21 owned licences); a partial upgrade is technically possible but loses the "
                               "licences not upgraded.")


def test_one_upgrade_per_quote():
    assert ("ERROR", "UPGRADE_ONE") in found([("UPGRADE_R6", 1), ("UPGRADE_R7", 1)], [("SERVER", 1)], {"release": 6})
    assert ("ERROR", "UPGRADE_ONE") in found([("UPGRADE_R6", 2)], [("SERVER", 1)], {"release": 6})


# --------------------------------------------------------------------------- input that is not right

@pytest.mark.parametrize("quantity", ["10 Stk", -1, 2.5, True, "zehn", float("nan")])
def test_bad_quantities_are_errors_not_crashes(quantity):
    result = found([("SERVER", 1), ("OFFICE", quantity)])
    assert result == [("ERROR", "QUANTITY_INVALID")]


def test_bad_quantity_message():
    f = one("QUANTITY_INVALID", [("SERVER", 1), ("OFFICE", "10 Stk")])
    assert f.message("de") == "Position 2: Menge '10 Stk' für OFFICE ist ungültig; eine ganze Zahl ab 0 angeben."
    assert f.message("en") == "line 2: quantity '10 Stk' of OFFICE is not valid; give a whole number of 0 or more."


@pytest.mark.parametrize("lines, owned, expected", [
    ([("SERVER", 1), ("XPHONE 9", 1)], None, [("ERROR", "ARTICLE_UNKNOWN")]),
    ([("SERVER", 1), (9999.0, 1)], None, [("ERROR", "ARTICLE_UNKNOWN")]),
    ([("SERVER", 1), ("OFFICE", 5), ("3310.0030", 10)], None, [("ERROR", "ARTICLE_CONFLICT")]),
    ([("SERVER", 1), ("OFFICE", 5), (3310.003, 5)], None, [("WARNING", "ARTICLE_TWICE")]),
    ([("SERVER", 1), ("OFFICE", 5), ("OFFICE", None), ("OFFICE", 0)], None, []),    # blank/0 rows do not count
    ([("SERVER", 1), (None, None), ("", ""), ("OFFICE", 2.0)], None, []),
    ([("SERVER", 1), (None, 3)], None, [("ERROR", "INPUT_LINE")]),
    ([("SERVER", 1), "OFFICE"], None, [("ERROR", "INPUT_LINE")]),
    ([("OFFICE", 1)], [("SERVER", 1), ("UP2DATE_3Y", 1)], [("ERROR", "OWNED_NOT_LICENCE")]),
    ([("OFFICE", 1)], [("SERVER", 1), ("SERVER", 2)], [("ERROR", "ARTICLE_CONFLICT")]),
])
def test_input_problems(lines, owned, expected):
    assert found(lines, owned) == expected


def test_conflicting_duplicate_message():
    f = one("ARTICLE_CONFLICT", [("SERVER", 1), ("OFFICE", 5), ("3310.0030", 10)])
    assert f.message("de") == ("Position 3: OFFICE (3310.0030) steht zweimal in der Liste, mit Menge 5 (Position 2) "
                               "und 10. Eine Zeile löschen oder die Mengen in einer Zeile zusammenfassen; geprüft "
                               "wird mit 10.")


def test_lines_as_a_mapping():
    assert found({"SMART_SERVER": 1, "OFFICE": 16}) == [("ERROR", "SMART_SERVER_MAX_OFFICE")]


@pytest.mark.parametrize("options, expected", [
    ({"colour": "blau"}, [("ERROR", "OPTION_UNKNOWN")]),
    ({"release": 3}, [("ERROR", "OPTION_INVALID")]),
    ({"release": "neu"}, [("ERROR", "OPTION_INVALID")]),
    ({"up2date_months_left": 61}, [("ERROR", "OPTION_INVALID")]),
    ({"up2date_months_left": -1}, [("ERROR", "OPTION_INVALID")]),
    ({"directory_sources": 2.5}, [("ERROR", "OPTION_INVALID")]),
    ({"ldap": "vielleicht"}, [("ERROR", "OPTION_INVALID")]),
    ([("release", 6), ("Release", 7)], [("ERROR", "OPTION_CONFLICT")]),
    ([("release", 6), ("Version", 6.0)], []),
    ([(None, 5)], [("ERROR", "OPTION_UNKNOWN")]),
    ([(None, None), ("", "")], []),
])
def test_option_problems(options, expected):
    result = sorted((f.severity, f.rule_id) for f in validate([("SERVER", 1)], None, options))
    assert result == expected


@pytest.mark.parametrize("name, value, key, parsed", [
    ("Release", "R6", "release", 6),
    ("Version", 7.0, "release", 7),
    ("Restlaufzeit", 8.0, "up2date_months_left", 8),
    ("Up2Date-Restlaufzeit", "", "up2date_months_left", None),
    ("Datenquellen", "12", "directory_sources", 12),
    ("LDAP", "WAHR", "ldap", True),
    ("ldap", "falsch", "ldap", False),
    ("Fax im Client", "ja", "fax_in_client", True),
    ("Fax im Connect Client", "nein", "fax_in_client", False),
    ("Voicemail im Client", 1.0, "voicemail_in_client", True),
    ("Voicemail in der Mobile App", 0, "voicemail_in_mobile_app", False),
    ("SMS-Benachrichtigung", True, "sms_notification", True),
    ("sms_notification", "FALSE", "sms_notification", False),
])
def test_option_names_and_values(name, value, key, parsed):
    ctx = build_context([], None, [(name, value)])
    assert ctx.problems == {}
    assert ctx.options[key] == parsed


@pytest.mark.parametrize("lines, owned, options", [
    (None, None, None),
    ("OFFICE", "SERVER", "release"),
    (42, 3.5, 7),
    ([None, (), ("OFFICE",), ("OFFICE", 1, "extra"), [1, 2, 3], {"a": 1}], [(None,)], [("x",), None, 5]),
    ([(float("nan"), float("inf")), ("", -0.0), (True, False), (b"OFFICE", 1)], {"SERVER": "1e9999"},
     {"release": float("nan"), "ldap": [], "directory_sources": "1e3"}),
    ([("UP2DATE_3Y", 7), ("UPGRADE_R6", -2), ("UP2DATE_ADDON", "x"), ("SMART_SERVER", 10 ** 9)],
     [("UPG_OFFICE_PLUS", 5), ("TEAMDESK", 3)], {"release": 8, "up2date_months_left": 60}),
])
def test_junk_goes_through_every_rule_without_a_crash(lines, owned, options):
    known = {r.rule_id for r in all_rules()}
    findings = validate(lines, owned, options)
    for f in findings:
        assert f.severity in SEVERITIES and f.rule_id in known
        assert f.message("de") and f.message("en")
        assert not re.search(r"\{[A-Za-z_]+\}", f.message("de") + f.message("en"))   # every placeholder filled
    ctx = build_context(lines, owned, options)
    for rule in all_rules():            # every rule on its own, too
        for f in rule.evaluate(ctx):
            assert f.severity in SEVERITIES and f.rule_id == rule.rule_id


def test_one_registry_for_sheet_and_code_rules():
    rules = all_rules()
    assert len({r.rule_id for r in rules}) == len(rules)
    sheet = [r for r in rules if not r.in_code]
    assert len(sheet) == 34 and all(r.sheet == "Regeln" for r in sheet)
    assert [r.rule_id for r in rules if r.in_code] == [r.rule_id for r in CODE_RULES]
    assert all(r.doc for r in CODE_RULES)


def test_findings_come_errors_first():
    result = [f.severity for f in validate([("SMART_SERVER", 1), ("OFFICE", 16)])]
    assert result == ["ERROR", "WARNING", "WARNING", "INFO", "INFO"]


# --------------------------------------------------------------------------- XP_VALIDATE

def xp_validate(*args):
    """XP_VALIDATE without the blank padding row it may add for legacy array formulas."""
    return [row for row in udfs.XP_VALIDATE(*args) if any(cell != "" for cell in row)]


@pytest.mark.parametrize("articles, quantities, owned, options", [
    (["SMART_SERVER", "OFFICE", "TAPI", None], [1.0, 16.0, 21.0, None], None, None),
    (["SERVER", "VOICEMAIL", "IP_CHANNEL"], [1.0, 5.0, 1.0], None,
     [["voicemail_in_client", False], ["Voicemail in der Mobile App", "nein"], ["SMS-Benachrichtigung", None]]),
    (["UPG_SMART_SERVER", "FAX", "IP_CHANNEL", "SMART_SERVER", "OFFICE"], [1.0, 20.0, 1.0, None, None],
     [None, None, None, 1.0, 10.0], [["fax_in_client", True], ["release", 8.0], [None, None]]),
    (["OFFICE", "XYZ", 3310.003], ["10 Stk", 1.0, 2.5], None, [["Farbe", "rot"]]),
])
def test_xp_validate_gives_the_same_findings_as_validate(articles, quantities, owned, options):
    lines = list(zip(articles, quantities))
    owned_lines = list(zip(articles, owned)) if owned else None
    from addin.xp_functions import fit_message

    expected = [[f.severity, f.rule_id, fit_message(f.message("de"))] for f in validate(lines, owned_lines, options)]
    assert expected
    assert xp_validate(articles, quantities, owned, options) == expected  # messages cut to 255 characters


def test_xp_validate_ok_row_and_english(monkeypatch):
    assert xp_validate(["SERVER", "OFFICE"], [1.0, 10.0]) == [["OK", "", "Keine Beanstandungen."]]
    monkeypatch.setenv("XPHONE_LANG", "en")
    assert xp_validate(["SERVER", "OFFICE"], [1.0, 10.0]) == [["OK", "", "Nothing to report."]]
    assert xp_validate("OFFICE", 5.0) == [[
        "ERROR", "OFFICE_NEEDS_SERVER", "OFFICE needs a server licence: SERVER (3210.0030) or SMART SERVER "
        "(3212.0010); the system has none. Add one of them."]]


def test_xp_validate_takes_a_single_options_row_and_column_ranges():
    assert xp_validate([["SERVER"], ["FAX"]], [[1.0], [2.0]], None, ["fax_in_client", False]) == [
        ["ERROR", "FAX_MIN_IP_CHANNEL", "FAX braucht mindestens 1 IP-CHANNEL (3440.0030); vorhanden: 0. "
                                        "1 × IP-CHANNEL ergänzen."]]


@pytest.mark.parametrize("call, message", [
    (lambda: udfs.XP_VALIDATE(["SERVER", "OFFICE"], [1.0]), "Mengen: '1 Zeilen' ist ungültig."),
    (lambda: udfs.XP_VALIDATE(["SERVER", "OFFICE"], [1.0, 2.0], [1.0, 2.0, 3.0]), "Bestand: '3 Zeilen' ist ungültig."),
    (lambda: udfs.XP_VALIDATE(["SERVER"], [1.0], None, [["release", 6, "x"]]), "Optionen: '3 Spalten' ist ungültig."),
])
def test_xp_validate_refuses_ranges_that_do_not_fit(call, message):
    with pytest.raises(BadValue) as err:
        call()
    assert str(err.value).startswith(message)


# --------------------------------------------------------------------------- xphone-pricing validate

@pytest.mark.parametrize("args, code, output", [
    (["validate", "SERVER=1", "OFFICE=10"], 0, "OK  Keine Beanstandungen.\n"),
    (["validate", "SERVER=1", "OFFICE=10", "--lang", "en"], 0, "OK  Nothing to report.\n"),
    (["validate", "SERVER=1", "VOICEMAIL=5", "IP-CHANNEL=1", "--option", "voicemail_in_client=nein",
      "--option", "Voicemail in der Mobile App=nein", "--option", "SMS=0"], 1,
     "ERROR   VOICEMAIL_MIN_IP_CHANNEL  VOICEMAIL braucht mindestens 2 IP-CHANNEL (3440.0030); vorhanden: 1. "
     "1 × IP-CHANNEL ergänzen.\n"),
    (["validate", "UPG_SMART_SERVER=1", "FAX=10", "IP_CHANNEL=1", "--owned", "SMART_SERVER=1", "--owned",
      "OFFICE=10", "--option", "fax_in_client=ja", "--option", "release=8"], 0, "OK  Keine Beanstandungen.\n"),
    (["validate", "UPGRADE_R6=1", "--owned", "SERVER=1", "--option", "release=6"], 0,
     "INFO    UPGRADE_COMPLETE_SYSTEM  XPhone OneTime Upgrade from Release 6 (9131.0002) für das komplette System "
     "kalkulieren (alle 1 vorhandenen Lizenzen); eine Teil-Hochrüstung ist technisch möglich, führt aber zum "
     "Verlust der nicht hochgerüsteten Lizenzen.\n"),
    (["validate", "OFFICE"], 1, "Fehler: Artikel: 'OFFICE' ist ungültig. Form: NAME=WERT, z. B. OFFICE=10.\n"),
])
def test_validate_command(args, code, output):
    from click.testing import CliRunner

    from addin.cli import cli

    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.output) == (code, output)


def test_unknown_article_is_reported_once_for_parallel_ranges():
    # The calculator passes the owned column parallel to the articles; a blank owned cell owns nothing.
    from addin.udfs import XP_VALIDATE

    rows = XP_VALIDATE(["SERVER", "FOO", "OFFICE"], [1, 2, 3], [None, None, 2])
    unknown = [r for r in rows if r[1] == "ARTICLE_UNKNOWN"]
    assert [r[2] for r in unknown] == [
        "Position 2: Artikel 'FOO' ist unbekannt; Artikelnummer (z. B. 3310.0030) oder Kurzcode (z. B. OFFICE) "
        "laut Blatt Artikel angeben."]
    owned_unknown = XP_VALIDATE(["SERVER", "FOO"], [1, None], [None, 3])  # only owned: reported as owned
    assert [r[2] for r in owned_unknown if r[1] == "ARTICLE_UNKNOWN"] == [
        "Bestand, Position 2: Artikel 'FOO' ist unbekannt; Artikelnummer (z. B. 3310.0030) oder Kurzcode "
        "(z. B. OFFICE) laut Blatt Artikel angeben."]


@pytest.mark.parametrize("options, first", [
    ([["Sprache", "en"]], "VOICEMAIL needs at least 2 IP-CHANNEL"),
    ([["language", "English"], ["release", None]], "VOICEMAIL needs at least 2 IP-CHANNEL"),
    ([["Sprache", "de"]], "VOICEMAIL braucht mindestens 2 IP-CHANNEL"),
    ([["Sprache", None]], "VOICEMAIL braucht mindestens 2 IP-CHANNEL"),
])
def test_xp_validate_message_language_from_the_options(options, first):
    from addin.udfs import XP_VALIDATE

    rows = XP_VALIDATE(["SERVER", "VOICEMAIL", "IP_CHANNEL"], [1, 10, 1], None, options)
    assert rows[0][:2] == ["ERROR", "VOICEMAIL_MIN_IP_CHANNEL"]
    assert rows[0][2].startswith(first)


def test_xp_validate_refuses_an_unknown_language():
    from addin.errors import BadValue
    from addin.udfs import XP_VALIDATE

    with pytest.raises(BadValue, match="Sprache: 'fr' ist ungültig. Erlaubt: de, en."):
        XP_VALIDATE(["SERVER"], [1], None, [["Sprache", "fr"]])


# --------------------------------------------------------------------------- issue 11: no silent wrong figure

@pytest.mark.parametrize("options, expected", [
    ({"up2date_months_left": 12, "up2date_term_years": 1}, []),
    ({"up2date_months_left": 13, "up2date_term_years": 1}, [("ERROR", "OPTION_INVALID")]),
    ({"up2date_months_left": 36, "up2date_term_years": 3}, []),
    ({"up2date_months_left": 37, "up2date_term_years": 3}, [("ERROR", "OPTION_INVALID")]),
    ({"Restlaufzeit": 48, "Laufzeit": 1}, [("ERROR", "OPTION_INVALID")]),
    ({"up2date_months_left": 48}, []),          # the term is not known: only the general bound (60)
    ({"up2date_term_years": 2}, []),
])
def test_months_left_stay_within_the_running_term(options, expected):
    assert found([], [("SERVER", 1)], options) == expected


def test_months_left_beyond_the_term_names_both_numbers():
    f = one("OPTION_INVALID", [], [("SERVER", 1)], {"up2date_months_left": 48, "up2date_term_years": 1})
    assert f.message("de") == ("Option up2date_months_left: Restlaufzeit in Monaten: 48 ist ungültig. Ein laufendes "
                               "Up2Date mit 1 Jahr Laufzeit hat höchstens 12 Monate Restlaufzeit, nicht 48.")
    assert f.message("en") == ("option up2date_months_left: months left: 48 is not valid. A running Up2Date with a "
                               "1-year term has at most 12 months left, not 48.")


@pytest.mark.parametrize("lines, owned, options, expected", [
    # new licences under a running Up2Date without the add-on or a new term: partial cover
    ([("OFFICE", 5)], [("SERVER", 1), ("OFFICE", 20)], {"up2date_months_left": 8, "up2date_term_years": 3},
     [("ERROR", "UP2DATE_ADDON_MISSING")]),
    ([("OFFICE", 5)], [("SERVER", 1)], {"up2date_months_left": 20}, [("ERROR", "UP2DATE_ADDON_MISSING")]),
    ([("UPG_OFFICE_PLUS", 2)], [("SERVER", 1), ("OFFICE", 2)], {"up2date_months_left": 1},
     [("ERROR", "UP2DATE_ADDON_MISSING")]),
    # covered: the add-on line, or a new term for the whole system
    ([("OFFICE", 5), ("UP2DATE_ADDON", 1)], [("SERVER", 1)], {"up2date_months_left": 8, "up2date_term_years": 3}, []),
    ([("OFFICE", 5), ("UP2DATE_1Y", 1)], [("SERVER", 1)], {"up2date_months_left": 8}, []),
    # no running Up2Date, or nothing new to cover
    ([("OFFICE", 5)], [("SERVER", 1)], {"up2date_months_left": 0}, []),
    ([("OFFICE", 5)], [("SERVER", 1)], {}, []),
    ([("OFFICE", 0)], [("SERVER", 1)], {"up2date_months_left": 8}, []),
])
def test_licences_bought_during_a_running_up2date_need_the_add_on(lines, owned, options, expected):
    assert found(lines, owned, options) == expected


def test_add_on_warning_names_the_licences_the_article_and_its_price():
    # 18 % a year (3-year term) × 8/12 × (5 × 89 + 2 × 39,90 = 524,80) = 62,976 -> 62,98
    f = one("UP2DATE_ADDON_MISSING", [("OFFICE", 5), ("FAX", 2), ("IP_CHANNEL", 0)], [("SERVER", 1), ("IP_CHANNEL", 1)],
            {"up2date_months_left": 8, "up2date_term_years": 3})
    assert f.message("de") == (
        "Das System hat ein laufendes Up2Date (8 Monate Restlaufzeit); die neuen Lizenzen 5 × OFFICE (3310.0030), "
        "2 × FAX (3320.0030) sind davon nicht abgedeckt. Up2Date ist immer für ein komplettes System zu kalkulieren: "
        "XPhone Up2Date – Additional Licences (9130.0000) ergänzen, für 8 Monate 62,98 € (18 % × 8/12 × 524,80 €) "
        "oder das ganze System mit einer neuen Up2Date-Laufzeit verlängern.")
    assert f.message("en") == (
        "The system has a running Up2Date (8 months left); the new licences 5 × OFFICE (3310.0030), 2 × FAX "
        "(3320.0030) are not covered by it. Up2Date is always calculated for the complete system: add XPhone "
        "Up2Date – Additional Licences (9130.0000), for 8 months €62.98 (18% × 8/12 × €524.80) or renew the whole "
        "system with a new Up2Date term.")
    assert f.articles == ("UP2DATE_ADDON", "OFFICE", "FAX")


def test_add_on_warning_without_the_term_says_how_the_price_is_made():
    # more than 12 months left: a renewal is not possible yet, so it is not offered
    f = one("UP2DATE_ADDON_MISSING", [("OFFICE", 5)], [("SERVER", 1)], {"up2date_months_left": 20})
    assert f.message("de").endswith(
        "XPhone Up2Date – Additional Licences (9130.0000) ergänzen (Satz pro Jahr der laufenden Laufzeit × 20/12 × "
        "445,00 €; für den Betrag die Laufzeit angeben: Option up2date_term_years).")


@pytest.mark.parametrize("lines, owned, options, expected", [
    # the issue's example: a one-time upgrade with no licences to upgrade
    ([("UPGRADE_R6", 1)], None, {"release": 6}, [("ERROR", "UPGRADE_WITHOUT_LICENCES")]),
    ([("MIGRATION_R4", 1), ("SERVER", 1)], None, {"release": 4}, [("ERROR", "UPGRADE_WITHOUT_LICENCES")]),
    ([("UPGRADE_R6", 1)], [("SERVER", 1)], {"release": 6}, [("INFO", "UPGRADE_COMPLETE_SYSTEM")]),
    # an Up2Date term for a system with no licences at all
    ([("UP2DATE_5Y", 1)], None, {}, [("ERROR", "UP2DATE_WITHOUT_LICENCES")]),
    ([("UP2DATE_5Y", 1), ("OFFICE", 0)], None, {}, [("ERROR", "UP2DATE_WITHOUT_LICENCES")]),
    ([("UP2DATE_5Y", 1), ("SMART_SERVER", 1)], None, {}, []),
])
def test_percentages_of_nothing_are_errors(lines, owned, options, expected):
    assert found(lines, owned, options) == expected


def test_percentage_of_nothing_messages():
    f = one("UPGRADE_WITHOUT_LICENCES", [("UPGRADE_R6", 1)], None, {"release": 6})
    assert f.message("de") == (
        "XPhone OneTime Upgrade from Release 6 (9131.0002): keine vorhandenen Lizenzen (Bestand) angegeben. Der Preis "
        "ist 55 % vom Listenwert der Bestandslizenzen, hier von 0,00 €. Die vorhandenen Lizenzen angeben, die "
        "hochgerüstet werden.")
    f = one("UP2DATE_WITHOUT_LICENCES", [("UP2DATE_3Y", 1)])
    assert f.message("en") == (
        "XPhone Up2Date – 3 Years – New System or Renewal (9130.0000.036): the system has no licences. Up2Date is a "
        "percentage of the list value of the complete system, here of €0.00. List the system's licences (new or "
        "owned) or remove the article.")


@pytest.mark.parametrize("name", ["XPhone Connect 8 – OFFICE", "xphone connect 8 - office", "XPhone Connect 8–OFFICE"])
def test_articles_by_their_printed_name(name):
    assert found([("XPhone Connect 8 – SERVER", 1), (name, 10)]) == []


@pytest.mark.parametrize("article, de, en", [
    ("OFFCE", "Position 1: Artikel 'OFFCE' ist unbekannt. Meinten Sie OFFICE?",
     "line 1: article 'OFFCE' is unknown. Did you mean OFFICE?"),
    ("XPhone Connect 8 – OFICE PLUS", "Position 1: Artikel 'XPhone Connect 8 – OFICE PLUS' ist unbekannt. Meinten Sie "
                                      "OFFICE_PLUS oder UPG_OFFICE_PLUS?", None),
    ("NIX", "Position 1: Artikel 'NIX' ist unbekannt; Artikelnummer (z. B. 3310.0030) oder Kurzcode (z. B. OFFICE) "
            "laut Blatt Artikel angeben.", None),
])
def test_unknown_article_suggests_the_closest_codes(article, de, en):
    f = one("ARTICLE_UNKNOWN", [(article, 1)])
    assert f.message("de") == de
    if en:
        assert f.message("en") == en


def test_issue_11_findings_in_xp_validate_and_the_command_line():
    from click.testing import CliRunner

    from addin.cli import cli

    rows = udfs.XP_VALIDATE(["SERVER", "OFFICE"], [None, 5.0], [1.0, 20.0],
                            [["Restlaufzeit", 8.0], ["Laufzeit", 3.0], ["ldap", False]])
    assert [r[:2] for r in rows if r[0]] == [["ERROR", "UP2DATE_ADDON_MISSING"]]
    assert "für 8 Monate 53,40 €" in rows[0][2]        # 18 % × 8/12 × 5 × 89
    rows = udfs.XP_VALIDATE(["UPGRADE_R6"], [1.0], None, [["release", 6.0]])
    assert [r[:2] for r in rows if r[0]] == [["ERROR", "UPGRADE_WITHOUT_LICENCES"]]
    result = CliRunner().invoke(cli, ["validate", "UP2DATE_3Y=1", "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.startswith("ERROR   UP2DATE_WITHOUT_LICENCES  XPhone Up2Date – 3 Years – New System or "
                                    "Renewal (9130.0000.036): the system has no licences.")


# ------------------------------------------------------------------------ issue 18: the checks and guided selling agree

def test_an_upgrade_without_its_source_turns_nothing_into_the_target():
    # Upg. SMART SERVER>SERVER without a SMART SERVER is no SERVER: OFFICE then has no server either, and both
    # findings are listed at once
    assert found([("UPG_SMART_SERVER", 1), ("OFFICE", 3)]) == [
        ("ERROR", "OFFICE_NEEDS_SERVER"), ("ERROR", "UPG_SMART_SERVER_NEEDS_SMART_SERVER")]
    # Upg. OFFICE>OFFICE PLUS without OFFICE users makes no OFFICE PLUS for TEAMDESK
    assert found([("SERVER", 1), ("UPG_OFFICE_PLUS", 2), ("TEAMDESK", 2)]) == [
        ("ERROR", "TEAMDESK_MAX_OFFICE_PLUS"), ("ERROR", "UPG_OFFICE_PLUS_MAX_OFFICE")]
    # with its source the upgrade does count
    assert found([("SERVER", 1), ("OFFICE", 2), ("UPG_OFFICE_PLUS", 2), ("TEAMDESK", 2)]) == []


def test_a_new_smart_server_with_its_upgrade_in_one_quote_is_a_warning():
    f = one("SMART_SERVER_WITH_ITS_UPGRADE", [("SMART_SERVER", 1), ("UPG_SMART_SERVER", 1), ("OFFICE", 2)])
    assert f.severity == "WARNING" and not f.customer
    assert f.message("de") == (
        "SMART SERVER (3212.0010) und Upg. SMART SERVER>SERVER (8.3210.003010) im selben Angebot: das Upgrade hebt "
        "die Einschränkungen eines vorhandenen SMART SERVER auf. Für ein neues System SERVER (3210.0030) anbieten "
        "oder das Paar mit dem Hersteller abstimmen.")
    # the upgrade of an owned SMART SERVER is what the article is for: nothing to say
    assert found([("UPG_SMART_SERVER", 1), ("OFFICE", 2)], [("SMART_SERVER", 1)]) == []


@pytest.mark.parametrize("other, expected", [
    (None, [("INFO", "SMART_SERVER_OTHER_UC")]),     # not given: the seller confirms; no warning
    (False, []),
    (True, [("ERROR", "SMART_SERVER_OTHER_UC")]),    # "Betrieb mit anderen UC-Systemen ... nicht möglich"
])
def test_a_smart_server_runs_with_no_other_uc_system(other, expected):
    options = {"other_uc_systems": other}
    assert found([("SMART_SERVER", 1), ("OFFICE", 5)], options=options) == expected
    # a SERVER, or a SMART SERVER upgraded to one, has no such limit
    assert found([("SERVER", 1), ("OFFICE", 5)], options=options) == []
    assert found([("UPG_SMART_SERVER", 1)], [("SMART_SERVER", 1)], options=options) == []


def test_the_other_uc_note_is_for_the_seller_and_names_the_option_in_both_languages():
    f = one("SMART_SERVER_OTHER_UC", [("SMART_SERVER", 1)], options={"other_uc_systems": None})
    assert not f.customer
    assert f.message("de") == ("SMART SERVER: Betrieb mit anderen UC-Systemen, Clients oder Endgeräten nicht "
                               "möglich. Bestätigen, dass keine genutzt werden (Option other_uc_systems = FALSCH).")
    assert f.message("en") == ("SMART SERVER: operation with other UC systems, clients or devices is not possible. "
                               "Confirm that none are used (option other_uc_systems = FALSE).")
    err = one("SMART_SERVER_OTHER_UC", [("SMART_SERVER", 1)], options={"Andere UC-Systeme": "ja"}, quiet=False)
    assert err.severity == "ERROR" and "Upg. SMART SERVER>SERVER (8.3210.003010)" in err.message("de")


def test_new_licences_during_a_running_up2date_without_cover_are_an_error():
    # "XPhone Up2Date ist immer für ein komplettes System zu kalkulieren. Eine Teilabdeckung ... nicht möglich."
    f = one("UP2DATE_ADDON_MISSING", [("OFFICE", 5)], [("SERVER", 1)],
            {"up2date_months_left": 8, "up2date_term_years": 3})
    assert f.severity == "ERROR"
    # 18 % × 8/12 × 5 × 89 = 53.40
    assert "XPhone Up2Date – Additional Licences (9130.0000) ergänzen, für 8 Monate 53,40 €" in f.message("de")
    # covered by the add-on or by a new term for the whole system: nothing to say
    assert "UP2DATE_ADDON_MISSING" not in ids([("OFFICE", 5), ("UP2DATE_ADDON", 1)], [("SERVER", 1)],
                                               {"up2date_months_left": 8, "up2date_term_years": 3})
    assert "UP2DATE_ADDON_MISSING" not in ids([("OFFICE", 5), ("UP2DATE_1Y", 1)], [("SERVER", 1)],
                                               {"up2date_months_left": 8, "up2date_term_years": 3})
