"""ChATR programme dashboard: the frame every page runs in (login, filters, navigation)."""

import streamlit as st

from chatr import auth, ui

st.set_page_config(page_title="ChATR dashboard", page_icon=":material/insights:", layout="wide")

# (page file, title, icon, permission needed). Each restricted page checks the role again.
PAGES = (("pages/system_baseline.py", "System baseline", ":material/groups:", "view_aggregates"),)

# Login comes before st.navigation, so a deep link opens its page right after signing in.
user = ui.login()
if user is None:
    st.navigation([st.Page(ui.signed_out_page, title="Sign in")], position="hidden").run()
    st.stop()

with st.sidebar:
    st.markdown(f"Signed in as **{user.name}** ({user.role})")
    ui.logout_button()
ui.sidebar_filters()
pages = [
    st.Page(path, title=title, icon=icon)
    for path, title, icon, permission in PAGES
    if auth.can(user.role, permission)
]
st.navigation(pages).run()
