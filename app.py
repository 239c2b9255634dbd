"""ChATR programme dashboard: the frame every page runs in (login, filters, navigation)."""

import streamlit as st

from chatr import auth
from chatr.ui import a11y, session, sidebar, widgets

st.set_page_config(page_title="ChATR dashboard", page_icon=":material/insights:", layout="wide")
a11y.page_setup()  # focus rings, readable disabled controls, charts named (WCAG 2.2 AA)

# (page file, URL path, title, icon, permission needed). Each restricted page checks again.
# The URL paths deliberately differ from the file names: Streamlit treats a `pages/` folder as
# an old-style multipage app on a process's first run (and on every AppTest run), and would
# then run a page file by itself, without this frame's login and filters; a URL path of our
# own makes it fall back to this script instead.
VIEW, EDIT, ADMIN = "view_aggregates", "upload", "manage_users"
PAGES = (
    ("pages/overview.py", "overview", "Overview", ":material/dashboard:", VIEW),
    ("pages/pilot_results.py", "pilot", "Pilot results", ":material/trending_up:", VIEW),
    ("pages/system_baseline.py", "baseline", "System baseline", ":material/groups:", VIEW),
    ("pages/rollout_timeline.py", "timeline", "Rollout timeline", ":material/timeline:", VIEW),
    # Every role: a viewer sees counts and the quotes a lead picked, never a name or a message.
    ("pages/community.py", "community", "Community and sessions", ":material/forum:", VIEW),
    ("pages/presentation.py", "present", "Presentation mode", ":material/slideshow:", VIEW),
    ("pages/upload_data.py", "upload", "Upload data", ":material/upload_file:", EDIT),
    # Every role: the page shows a viewer counts only, never a name or an e-mail.
    ("pages/interest_lists.py", "interest", "Interest lists", ":material/group_add:", VIEW),
    ("pages/admin.py", "admin", "Admin", ":material/admin_panel_settings:", ADMIN),
    ("pages/account.py", "account", "Account", ":material/person:", VIEW),
)

# Login comes before st.navigation, so a deep link opens its page right after signing in.
user = session.login()
if user is not None and session.logout_button():
    user = None
if user is None:
    # Every page's URL leads to the sign-in page, so a shared link keeps its path and filters
    # while signed out and opens its page right after signing in.
    signed_out = [st.Page(session.signed_out_page, title="Sign in", default=True)] + [
        st.Page(session.signed_out_page, title="Sign in", url_path=page[1]) for page in PAGES
    ]
    st.navigation(signed_out, position="hidden").run()
    st.stop()

st.sidebar.markdown(f"Signed in as **{user.name}** ({user.role})")
sidebar.sidebar_filters()
widgets.demo_badge()  # above every page's title, so demo figures never pass for real ones
pages = [
    st.Page(path, url_path=url_path, title=title, icon=icon)
    for path, url_path, title, icon, permission in PAGES
    if auth.can(user.role, permission)
]
st.navigation(pages).run()
