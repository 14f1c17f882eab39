from tests.pages.conftest import *  # noqa

def test_gw(db, facilitator, gathering, group, open_page):
    a = activity_of(db, gathering)
    gatherings.open_activity(db, facilitator, gathering.id, a.id)
    at = open_page("pages/group_workspace.py", {"gruppe": group.token})
    at.text_area[0].input("Vi rakk det ikke")
    gatherings.close_activity(db, facilitator, gathering.id, a.id)
    at.button[0].click().run()
    print("CLOSEDSAVE", at.main, [x.value for x in at.info], [x.value for x in at.error], entries.own_entries(db, group.token))

def login(at, username):
    at.text_input[0].input(username)
    at.text_input[1].input(TEST_PASSWORD)
    return at.button[0].click().run()

def test_fac(db, facilitator, gathering, group, open_page):
    a = activity_of(db, gathering)
    gatherings.open_activity(db, facilitator, gathering.id, a.id)
    e = submit_entry(db, group.token, a.id, "Skjul meg")
    at = open_page("pages/facilitate.py")
    login(at, "prosessleder")
    at.run()
    print("FAC", at.main)
    print([ (b.key, b.label) for b in at.button])
    at.button(key=f"hide_{e.id}").click().run()
    print("HID", entries.gathering_entries(db, facilitator, gathering.id), at.exception)

def test_coord(db, facilitator, gathering, open_page):
    users.create_user(db, username="koord", name="Kari Koordinator", password=TEST_PASSWORD, role="coordinator")
    at = open_page("pages/facilitate.py")
    login(at, "koord")
    print("COORD", at.main, at.sidebar, [x.value for x in at.error])
    at.run()
    print("COORD2", at.main, [x.value for x in at.error])

def test_badpw(db, facilitator, open_page):
    at = open_page("pages/facilitate.py")
    at.text_input[0].input("prosessleder")
    at.text_input[1].input("feil-passord-123")
    at.button[0].click().run()
    print("BAD", [x.value for x in at.error], at.exception)
