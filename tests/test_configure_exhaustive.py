"""configure agrees with a brute-force search on every combination of a grid of needs.

The brute force knows nothing of configure: it enumerates article quantities, keeps those that cover the
needs (counted by hand below) and cost at most what configure proposes, and asks ``validate`` about each,
cheapest first (ties: fewer articles, then fewer licences). The first one with no ERROR and no WARNING is the
optimum; configure must propose one of the same total, number of articles and number of licences, and
``validate`` of configure's answer must report INFO at most.

Bounds of the enumeration (sound pruning, each backed by a check below):

* the articles that only carry a need (FAX, VOICEMAIL, TAPI, TEAMDESK) stand at exactly the need: no rule
  gets easier with more of them (``test_more_of_a_need_article_never_helps`` reads the rules sheet);
  DASHBOARD and AUTO ATTENDANT, not needed on the grid, stay 0 for the same reason;
* a SMART SERVER without SERVER takes no OFFICE PLUS, TEAMDESK, FAX, VOICEMAIL, AUTO ATTENDANT, ADDITIONAL
  DATABASES, CONTACTS, DASHBOARD or IP-CHANNEL, at most 15 OFFICE besides the 5 included, at most 20 TAPI,
  3 data sources and no LDAP (service description, "Einschränkungen"; ``test_the_smart_server_bounds``);
* Upg. SMART SERVER>SERVER with or without a SMART SERVER, new or owned: a new SMART SERVER with its upgrade
  is cheaper than a SERVER from 2 users on, and only the checks (SMART_SERVER_WITH_ITS_UPGRADE, a WARNING)
  keep it out, so the brute force asks them instead of assuming it; Upg. OFFICE>OFFICE PLUS for owned
  OFFICE users;
* everything else within generous bounds (IP-CHANNEL 0–4, ADDITIONAL DATABASES 0–1, CONTACTS 0–1, OFFICE and
  OFFICE PLUS 0–40), and only combinations that cost at most configure's total.
"""
from decimal import Decimal
from itertools import product

import pytest

from addin.catalog import get_catalog
from addin.configure import configure
from addin.rules import validate

D = Decimal
# example list prices of the shipped catalog, as printed by `xphone-pricing catalog text`
PRICE = {"SMART_SERVER": D("990"), "SERVER": D("2490"), "UPG_SMART_SERVER": D("1590"), "AUTO_ATTENDANT": D("1290"),
         "ADDITIONAL_DATABASES": D("690"), "IP_CHANNEL": D("149"), "OFFICE": D("89"), "OFFICE_PLUS": D("139"),
         "UPG_OFFICE_PLUS": D("55"), "FAX": D("39.9"), "VOICEMAIL": D("39.9"), "TEAMDESK": D("119"),
         "CONTACTS": D("24.5"), "DASHBOARD": D("34.5"), "TAPI": D("19.95")}
SMART_EXCLUDES = ("OFFICE_PLUS", "TEAMDESK", "FAX", "VOICEMAIL", "AUTO_ATTENDANT", "ADDITIONAL_DATABASES",
                  "CONTACTS", "DASHBOARD", "IP_CHANNEL")
NO = {"directory_sources": 0, "ldap": False, "fax_in_client": False, "voicemail_in_client": False,
      "voicemail_in_mobile_app": False, "sms_notification": False}
OPTION_SETS = [
    dict(NO),
    {**NO, "voicemail_in_mobile_app": True, "fax_in_client": True, "sms_notification": True},
    {**NO, "voicemail_in_client": True, "ldap": True, "directory_sources": 2},
]
NEED_ARTICLES = {"fax": "FAX", "voicemail": "VOICEMAIL", "tapi": "TAPI", "teamdesk": "TEAMDESK"}
ORDER = list(PRICE)  # catalog order of the licence articles

_verdicts: dict = {}


def clean(lines: tuple, owned: tuple, opts_key: int, opts: dict) -> bool:
    """validate reports no ERROR and no WARNING (remembered: a verdict does not depend on the needs)."""
    key = (lines, owned, opts_key)
    if key not in _verdicts:
        _verdicts[key] = not [f for f in validate(list(lines), list(owned), opts) if f.severity != "INFO"]
    return _verdicts[key]


def cost(q: dict) -> Decimal:
    return sum((PRICE[c] * n for c, n in q.items()), D(0))


def key_of(q: dict) -> tuple:
    return cost(q), sum(1 for n in q.values() if n), sum(q.values())


def brute_force(needs: dict, opts: dict, opts_key: int, bound: Decimal, owned: dict | None = None):
    """The cheapest valid covering configuration costing at most ``bound``: (key, quantities) or None."""
    owned = owned or {}
    owned_t = tuple(sorted(owned.items()))
    own_smart = owned.get("SMART_SERVER", 0)
    own_office = owned.get("OFFICE", 0)
    fixed = {NEED_ARTICLES[k]: v for k, v in needs.items() if k in NEED_ARTICLES and v}
    users, plus = needs.get("users", 0), needs.get("office_plus_users", 0)
    candidates = []
    for smart, server, upg_smart in product((0, 1), (0, 1), (0, 1)):
        smart_only = (smart or own_smart) and not server and not upg_smart
        if not (smart or server or own_smart):
            continue  # every need here asks for a licence, and every licence for a server (the upgrade alone is
            # none: test_an_upgrade_without_its_source_turns_nothing_into_the_target)
        if smart_only and (any(fixed.get(c) for c in SMART_EXCLUDES) or fixed.get("TAPI", 0) > 20
                           or opts["ldap"] or opts["directory_sources"] > 3):
            continue
        base = {"SMART_SERVER": smart, "SERVER": server, "UPG_SMART_SERVER": upg_smart, **fixed}
        included = 5 * (smart + own_smart)
        upgradable = own_office + 5 * own_smart   # owned OFFICE, the included ones counted
        for ip, ad, contacts, upg_plus in product(
                (0,) if smart_only else range(5), (0,) if smart_only else (0, 1), (0,) if smart_only else (0, 1),
                (0,) if smart_only or not upgradable else range(upgradable + 1)):
            q0 = {**base, "IP_CHANNEL": ip, "ADDITIONAL_DATABASES": ad, "CONTACTS": contacts,
                  "UPG_OFFICE_PLUS": upg_plus}
            c0 = cost(q0)
            if c0 > bound:
                continue
            for n_plus in ((0,) if smart_only else range(41)):
                c1 = c0 + PRICE["OFFICE_PLUS"] * n_plus
                if c1 > bound:
                    break
                if n_plus + upg_plus < plus:
                    continue
                # users of the client: OFFICE (owned, included, new, less the upgraded) + OFFICE PLUS
                start = max(0, users - (own_office + included + n_plus))
                for n_office in range(start, 20 - own_office - included + 1 if smart_only else 41):
                    c2 = c1 + PRICE["OFFICE"] * n_office
                    if c2 > bound:
                        break
                    q = {**q0, "OFFICE_PLUS": n_plus, "OFFICE": n_office}
                    candidates.append((key_of(q), {c: n for c, n in q.items() if n}))
    for key, q in sorted(candidates, key=lambda kq: (kq[0], sorted(kq[1].items()))):
        lines = tuple((c, q[c]) for c in ORDER if c in q)
        if clean(lines, owned_t, opts_key, opts):
            return key, q
    return None


def configure_key(c) -> tuple:
    q = dict(c.lines)
    return key_of(q)


GRID = [(users, vm, fax, tapi, td, k)
        for users in range(1, 31) for vm in (0, 8) for fax in (0, 4) for tapi in (0, 16) for td in (0, 2)
        for k in range(len(OPTION_SETS))]


@pytest.mark.parametrize("opts_key", range(len(OPTION_SETS)))
def test_configure_finds_the_brute_force_optimum_for_new_systems(opts_key):
    opts = OPTION_SETS[opts_key]
    mismatches = []
    for users, vm, fax, tapi, td, k in GRID:
        if k != opts_key:
            continue
        needs = {"users": users, "voicemail": vm, "fax": fax, "tapi": tapi, "teamdesk": td}
        c = configure(needs, options=opts)
        assert c.ok, (needs, c.problem())
        assert not [f for f in validate(c.lines, None, opts) if f.severity != "INFO"], (needs, c.lines)
        assert c.total == cost(dict(c.lines))
        best = brute_force(needs, opts, opts_key, c.total)
        if best is None or best[0] != configure_key(c):
            mismatches.append((needs, c.lines, c.total, best))
    assert mismatches == []


OWNED_GRID = [(own_office, users, plus, vm)
              for own_office in (0, 5, 10, 15) for users in range(1, 31) for plus in (0, 3) for vm in (0, 4)]


def test_configure_finds_the_brute_force_optimum_for_an_owned_smart_server():
    opts = OPTION_SETS[0]
    mismatches = []
    for own_office, users, plus, vm in OWNED_GRID:
        owned = {"SMART_SERVER": 1, **({"OFFICE": own_office} if own_office else {})}
        needs = {"users": users, "office_plus_users": plus, "voicemail": vm}
        c = configure(needs, owned=owned, options=opts)
        assert c.ok, (needs, owned, c.problem())
        assert not [f for f in validate(c.lines, owned, opts) if f.severity != "INFO"], (needs, owned, c.lines)
        best = brute_force(needs, opts, 0, c.total, owned)
        if best is None or best[0] != configure_key(c):
            mismatches.append((needs, owned, c.lines, c.total, best))
    assert mismatches == []


# --------------------------------------------------------------------------- the bounds are sound

def test_more_of_a_need_article_never_helps():
    """FAX, VOICEMAIL, TAPI, TEAMDESK, DASHBOARD, AUTO ATTENDANT never count towards a rule that asks for
    more (as a referenced article of 'benötigt eins von', 'mindestens N von', 'höchstens so viele wie'), and
    conditions name only server licences: a configuration with more of them than needed is never the only
    valid one."""
    only_needed = {"FAX", "VOICEMAIL", "TAPI", "TEAMDESK", "DASHBOARD", "AUTO_ATTENDANT"}
    for rule in get_catalog().rules:
        if rule.kind in ("requires_one_of", "at_least", "at_most_as_many"):
            assert not only_needed & set(rule.refs), rule.rule_id
        for op, payload in rule.condition:
            assert op == "if" or set(payload) <= {"SERVER", "SMART_SERVER"}, rule.rule_id


@pytest.mark.parametrize("article", SMART_EXCLUDES)
def test_the_smart_server_bounds(article):
    opts = OPTION_SETS[0]

    def refused(lines, options=opts):
        return [f for f in validate(lines, None, options) if f.severity != "INFO"]

    for qty in (1, 7):
        assert refused([("SMART_SERVER", 1), (article, qty)])
    assert refused([("SMART_SERVER", 1), ("OFFICE", 16)]) and refused([("SMART_SERVER", 1), ("OFFICE", 40)])
    assert refused([("SMART_SERVER", 1), ("TAPI", 21)])
    assert refused([("SMART_SERVER", 1)], {**opts, "ldap": True})
    assert refused([("SMART_SERVER", 1)], {**opts, "directory_sources": 4})
    assert not refused([("SMART_SERVER", 1), ("OFFICE", 15), ("TAPI", 20)], {**opts, "directory_sources": 3})


def test_the_grid_has_over_a_thousand_need_combinations():
    assert len(GRID) >= 1000 and len(set(GRID)) == len(GRID)


@pytest.mark.parametrize("users, pair, server, proposed", [
    # example prices: SMART SERVER 990 + Upg. SMART SERVER>SERVER 1590 keeps the 5 included OFFICE users
    (2, D("2580.00"), D("2668.00"), [("SMART_SERVER", 1)]),   # 2580 against SERVER 2490 + 2 × 89; 990 alone
    (21, D("4004.00"), D("4359.00"), [("SERVER", 1), ("OFFICE", 21)]),  # 2580 + 16 × 89 against 2490 + 21 × 89
])
def test_the_cheaper_smart_server_pair_is_kept_out_by_the_checks_alone(users, pair, server, proposed):
    opts = OPTION_SETS[0]
    lines = [("SMART_SERVER", 1), ("UPG_SMART_SERVER", 1)] + ([("OFFICE", users - 5)] if users > 5 else [])
    assert cost(dict(lines)) == pair < server == cost({"SERVER": 1, "OFFICE": users})
    assert [(f.severity, f.rule_id) for f in validate(lines, None, opts) if f.severity != "INFO"] == [
        ("WARNING", "SMART_SERVER_WITH_ITS_UPGRADE")]
    assert configure({"users": users}, options=opts).lines == proposed


def test_the_brute_force_alone_finds_the_optimum():
    """The brute force is no echo of configure's total: with a bound well above it, it finds the optimum."""
    opts = OPTION_SETS[0]
    assert brute_force({"users": 21}, opts, 0, D("5000"))[0] == (D("4359"), 2, 22)   # SERVER + 21 OFFICE
    assert brute_force({"users": 4}, opts, 0, D("3000"))[1] == {"SMART_SERVER": 1}
